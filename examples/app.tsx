// A small Twilio app on node:http: voicemail, an IVR menu, call forwarding and an SMS auto-reply, each a
// webhook that answers with one of the example documents. `npm start` runs it (see start.mjs).
import { createServer, type Server } from "node:http";
import { Hangup, Redirect, Say, VoiceResponse, type TwiMLElement } from "twiml-jsx";
import {
  toNodeHandler,
  webhook,
  type CallStatusCallbackParams,
  type DialParams,
  type GatherParams,
  type MessageParams,
  type VoiceCallParams,
  type WebhookOptions,
} from "twiml-jsx/server";
import { AfterForward, Forward, TEAM, type Destination, type DialCallStatus } from "./forwarding.js";
import { MAIN_MENU, Menu, type MenuOption } from "./ivr.js";
import { SmsAutoReply } from "./sms-reply.js";
import { Voicemail } from "./voicemail.js";

export interface AppOptions {
  /** Your account's auth token: every request must then carry a valid `X-Twilio-Signature`. */
  readonly authToken?: string;
  /** The public origin Twilio calls when the app sits behind a tunnel or proxy, such as `https://abc.ngrok.app`. */
  readonly publicUrl?: string;
  /** Receives the errors of handlers (the response is then a bare 500). Default: `console.error`. */
  readonly onError?: (error: unknown, request: Request) => void;
  /** Receives the server's log lines (refused signatures and the URLs checked). Default: stderr. */
  readonly log?: (message: string) => void;
}

/** One route of the app, with the parameters of a sample request (the start banner turns them into `curl` lines). */
export interface RouteInfo {
  readonly path: string;
  readonly summary: string;
  /** Parameters of your own in the URL, such as the menu's attempt counter. */
  readonly query?: Readonly<Record<string, string>>;
  /** Parameters as Twilio sends them: in the form body for POST, in the query string for GET. */
  readonly params: Readonly<Record<string, string>>;
}

export const ROUTES: readonly RouteInfo[] = [
  {
    path: "/voice/voicemail",
    summary: "Greets the caller and records a message; thanks them once Twilio posts the recording.",
    params: { From: "+15550100" },
  },
  {
    path: "/voice/menu",
    summary: "IVR main menu: a key press or a spoken keyword, greeting known callers by name.",
    params: { From: "+15550100" },
  },
  {
    path: "/voice/menu/choice",
    summary: "The menu's <Gather action>: the next document for the key pressed or the word said.",
    query: { attempt: "1" },
    params: { Digits: "3" },
  },
  {
    path: "/voice/forward",
    summary: "Rings the team's three phones at once.",
    params: { From: "+15550100" },
  },
  {
    path: "/voice/forward/after",
    summary: "The forward's <Dial action>: hangs up after a call, or on to voicemail when nobody answered.",
    params: { DialCallStatus: "no-answer" },
  },
  {
    path: "/voice/forward/status",
    summary: "Progress events of each phone rung: acknowledged with 204, no TwiML.",
    params: { CallStatus: "ringing" },
  },
  {
    path: "/sms",
    summary: "Answers HOURS and MENU (with pictures), and any other text with the list of keywords.",
    params: { From: "+15550100", Body: "MENU" },
  },
];

/** A stand-in for a CRM lookup by caller number. The name is written as is: render escapes it. */
const KNOWN_CALLERS: ReadonlyMap<string, string> = new Map([["+15550100", "O'Brien & Sons <VIP>"]]);

const MAX_ATTEMPTS = 3;
const VOICE = "Polly.Joanna";

/** The attempt counter the menu carries in its own URLs; anything unreadable counts as the first attempt. */
function attemptOf(query: URLSearchParams): number {
  const n = Number(query.get("attempt"));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

interface MainMenuPageProps {
  callerName: string | undefined;
  attempt: number;
}

/**
 * The main menu of ivr.tsx (`MainMenu`, whose URLs are under `/ivr/`) with its Gather action and retry on this
 * app's routes; silence plays it again, up to three times.
 */
function MainMenuPage({ callerName, attempt }: MainMenuPageProps): TwiMLElement {
  return (
    <VoiceResponse>
      <Menu options={MAIN_MENU} action={`/voice/menu/choice?attempt=${attempt}`} voice={VOICE}>
        <prosody rate="95%">{callerName === undefined ? "Thanks for calling Acme." : `Welcome back, ${callerName}.`}</prosody>
        <break time="500ms" />
      </Menu>
      {attempt < MAX_ATTEMPTS ? (
        <>
          <Say voice={VOICE}>Sorry, I didn't get that.</Say>
          <Redirect>{`/voice/menu?attempt=${attempt + 1}`}</Redirect>
        </>
      ) : (
        <>
          <Say voice={VOICE}>Sorry, I still didn't get that. Goodbye.</Say>
          <Hangup />
        </>
      )}
    </VoiceResponse>
  );
}

/** The option the caller chose: the key pressed first, otherwise a keyword among the words recognised. */
function chosen(digits: string | undefined, speech: string | undefined): MenuOption | undefined {
  if (digits !== undefined && digits !== "") return MAIN_MENU.find((o) => String(o.digit) === digits);
  const words = (speech ?? "").toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return MAIN_MENU.find((o) => words.includes(o.keyword));
}

const CALLER_ID = "+14155550199";
/** The team's desk phone, reached through its extension. */
const SUPPORT_DESK = TEAM.filter((d) => d.sendDigits !== undefined);

function ForwardTo({ destinations }: { destinations: readonly Destination[] }): TwiMLElement {
  return <Forward destinations={destinations} callerId={CALLER_ID} action="/voice/forward/after" statusCallback="/voice/forward/status" />;
}

/** The next document for a menu choice. */
function MenuChoice({ option, attempt }: { option: MenuOption | undefined; attempt: number }): TwiMLElement {
  switch (option?.keyword) {
    case "sales":
      return <ForwardTo destinations={TEAM} />;
    case "support":
      return <ForwardTo destinations={SUPPORT_DESK} />;
    case "billing":
      // A redirect, not the voicemail document itself: <Record> without an action posts the recording back to
      // the URL of the document that held it, and here that would be this menu choice again.
      return (
        <VoiceResponse>
          <Say voice={VOICE}>Please leave your account number and a message, and billing will call you back.</Say>
          <Redirect>/voice/voicemail</Redirect>
        </VoiceResponse>
      );
    default:
      return attempt < MAX_ATTEMPTS ? (
        <VoiceResponse>
          <Say voice={VOICE}>Sorry, that is not one of the options.</Say>
          <Redirect>{`/voice/menu?attempt=${attempt + 1}`}</Redirect>
        </VoiceResponse>
      ) : (
        <VoiceResponse>
          <Say voice={VOICE}>Sorry, that is not one of the options. Goodbye.</Say>
          <Hangup />
        </VoiceResponse>
      );
  }
}

const DIAL_STATUSES: readonly DialCallStatus[] = ["completed", "answered", "busy", "no-answer", "failed", "canceled"];

/** A missing or unknown status counts as a call nobody answered. */
function dialCallStatus(value: string | undefined): DialCallStatus {
  return DIAL_STATUSES.find((s) => s === value) ?? "failed";
}

const TEXT = "text/plain; charset=utf-8";

function notFound(): Response {
  return new Response("Not Found", { status: 404, headers: { "content-type": TEXT } });
}

/** A route's sample GET request: Twilio's parameters go in the query string for GET webhooks. */
export function sampleGet(route: RouteInfo): string {
  return `${route.path}?${new URLSearchParams({ ...route.query, ...route.params })}`;
}

const HTML_SPECIAL = /[&<>"]/g;
const HTML_ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const html = (text: string): string => text.replace(HTML_SPECIAL, (c) => HTML_ENTITIES[c] ?? c);

/**
 * The page at `/`: the webhooks and what each does, as HTML for a browser (which asks for `text/html`) and as
 * plain text for curl and other clients.
 */
function indexPage(request: Request, signed: boolean): Response {
  const note = signed
    ? "Signature validation is on: requests without a valid X-Twilio-Signature, such as these links, get 403."
    : "Signature validation is off. Each link is the webhook's GET request with sample parameters.";
  const wantsHtml = (request.headers.get("accept") ?? "").includes("text/html");
  if (!wantsHtml) {
    const lines = [
      "twiml-jsx example app",
      "",
      "Webhooks (GET or POST):",
      ...ROUTES.map((r) => `  ${r.path}\n      ${r.summary}`),
      "",
      note,
      "",
    ];
    return new Response(lines.join("\n"), { headers: { "content-type": TEXT } });
  }
  const items = ROUTES.map((r) => `<li><a href="${html(sampleGet(r))}"><code>${html(r.path)}</code></a> — ${html(r.summary)}</li>`);
  const page = [
    "<!doctype html>",
    '<html lang="en">',
    '<meta charset="utf-8">',
    "<title>twiml-jsx example app</title>",
    "<h1>twiml-jsx example app</h1>",
    "<p>Webhooks (GET or POST):</p>",
    `<ul>\n${items.join("\n")}\n</ul>`,
    `<p>${html(note)}</p>`,
    "",
  ];
  return new Response(page.join("\n"), { headers: { "content-type": "text/html; charset=utf-8" } });
}

/**
 * The answer to `HEAD`: the status and headers of the `GET` answer, and the length of the body it would send,
 * without the body.
 */
async function headOf(response: Response): Promise<Response> {
  const headers = new Headers(response.headers);
  const length = (await response.arrayBuffer()).byteLength;
  if (!headers.has("content-length") && response.status !== 204 && response.status !== 304) headers.set("content-length", String(length));
  return new Response(null, { status: response.status, statusText: response.statusText, headers });
}

/** The app as a `node:http` server, not yet listening: `createApp(options).listen(3000, "127.0.0.1")`. */
export function createApp(options: AppOptions = {}): Server {
  return createServer(toNodeHandler(createHandler(options)));
}

/** The app as one fetch-style handler: for tests, and for runtimes that serve `fetch` handlers (Bun, Deno). */
export function createHandler(options: AppOptions = {}): (request: Request) => Promise<Response> {
  const settings: WebhookOptions = {
    authToken: options.authToken,
    publicUrl: options.publicUrl,
    onError: options.onError ?? ((error) => console.error(error)),
    log: options.log,
  };

  const routes = new Map<string, (request: Request) => Promise<Response>>([
    [
      "/voice/voicemail",
      // Twilio posts the finished recording back to this same URL (the <Record> has no action), adding
      // RecordingUrl and the rest of `RecordParams` to the call's parameters.
      webhook<VoiceCallParams>(
        ({ params }) =>
          params.RecordingUrl === undefined ? (
            <Voicemail />
          ) : (
            <VoiceResponse>
              <Say voice="woman">Thanks for your message. Goodbye.</Say>
              <Hangup />
            </VoiceResponse>
          ),
        settings,
      ),
    ],
    [
      "/voice/menu",
      webhook<VoiceCallParams>(
        ({ params, query }) => <MainMenuPage callerName={KNOWN_CALLERS.get(params.From)} attempt={attemptOf(query)} />,
        settings,
      ),
    ],
    [
      "/voice/menu/choice",
      webhook<GatherParams>(
        ({ params, query }) => <MenuChoice option={chosen(params.Digits, params.SpeechResult)} attempt={attemptOf(query)} />,
        settings,
      ),
    ],
    ["/voice/forward", webhook<VoiceCallParams>(() => <ForwardTo destinations={TEAM} />, settings)],
    [
      "/voice/forward/after",
      webhook<DialParams>(
        ({ params }) => <AfterForward dialCallStatus={dialCallStatus(params.DialCallStatus)} voicemailUrl="/voice/voicemail" />,
        settings,
      ),
    ],
    // Status callbacks run no TwiML; the webhook still checks the signature.
    ["/voice/forward/status", webhook<CallStatusCallbackParams>(() => new Response(null, { status: 204 }), settings)],
    // The types say what Twilio sends; without signature checks anyone can leave `Body` out.
    ["/sms", webhook<MessageParams>(({ params }) => <SmsAutoReply incoming={params.Body ?? ""} />, settings)],
  ]);

  const answer = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === "/") return indexPage(request, options.authToken !== undefined);
    const route = routes.get(path);
    return route === undefined ? notFound() : route(request);
  };
  // Every route answers GET, so every route answers HEAD, as HTTP asks (monitors and link checkers send it).
  return async (request) => (request.method === "HEAD" ? headOf(await answer(new Request(request, { method: "GET" }))) : answer(request));
}
