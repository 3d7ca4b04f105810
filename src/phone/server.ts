// The phone's local server: the page, one simulated call per browser call (events streamed as lines of JSON,
// answers and hang-up posted back), messages, recordings from the microphone, and the flow map.
import { createServer, type Server } from "node:http";
import { readLimited } from "../server/body.js";
import { toNodeHandler } from "../server/node-http.js";
import { Conversation } from "../testing/index.js";
import { DIAL_STATUSES, PAY_RESULTS, QUEUE_RESULTS } from "../testing/input.js";
import { deliverMessage, LiveCall, type Lint, type PhoneEvent } from "./calls.js";
import type { CallerInput } from "../testing/types.js";
import { FlowMap } from "./map.js";
import { PAGE } from "./page.js";

export interface PhoneOptions {
  /** The voice webhook the Call button calls. */
  readonly url: string;
  /** The messaging webhook texts are sent to. Default: `url`. */
  readonly smsUrl?: string;
  /** The caller's number (the page remembers the last one used). Default `+15550100`. */
  readonly from?: string;
  /** The number called. Default `+15550199`. */
  readonly to?: string;
  /** Signs every request as Twilio does. */
  readonly authToken?: string;
  /** Checks each TwiML document the app answers; its problems show under the response in the timeline. */
  readonly lint?: Lint;
  /**
   * Where each `<ConversationRelay url>` opens its WebSocket, such as the loopback agent behind the tunnel the
   * `wss://` URL names. Default: the URL as written. The handshake is signed over the URL as written.
   */
  readonly webSocketUrl?: (url: string) => string;
  /** Default 0: a free port. The server listens on 127.0.0.1 only. */
  readonly port?: number;
}

export interface Phone {
  /** The page's address, such as `http://127.0.0.1:49152/`. */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** A JSON request body larger than this is refused: the page only sends numbers, short texts and URLs. */
const JSON_LIMIT = 64 * 1024;
/** A recording larger than this is refused (about 25 minutes of Opus at the browser's default rate). */
const RECORDING_LIMIT = 25 * 1024 * 1024;
/** Recordings kept in memory; the oldest goes first. */
const RECORDINGS_KEPT = 50;

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };
const TEXT_TYPE = { "content-type": "text/plain; charset=utf-8" };
// Play URLs and message media can be anywhere; everything else comes from this server.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src * data: blob:; media-src * data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Starts the phone on 127.0.0.1: open the returned `url` in a browser. */
export async function startPhone(options: PhoneOptions): Promise<Phone> {
  const handler = createPhoneHandler(options);
  const server = createServer(toNodeHandler(handler.fetch));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  handler.listening(port);
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: async () => {
      handler.hangUpAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The phone as a fetch-style handler; `listening(port)` tells it the port it is served on. */
export function createPhoneHandler(options: PhoneOptions): {
  fetch: (request: Request) => Promise<Response>;
  listening: (port: number) => void;
  hangUpAll: () => void;
} {
  const defaults = {
    url: options.url,
    smsUrl: options.smsUrl ?? options.url,
    from: options.from ?? "+15550100",
    to: options.to ?? "+15550199",
    // The outcomes the page offers as buttons; hanging up has its own button.
    outcomes: {
      dial: DIAL_STATUSES,
      queue: QUEUE_RESULTS.filter((result) => result !== "hangup"),
      pay: PAY_RESULTS.filter((result) => result !== "caller-hung-up"),
    },
  };
  const map = new FlowMap(new URL(options.url).origin);
  const calls = new Map<string, LiveCall>();
  const conversation = new Conversation();
  const recordings = new Map<string, { type: string; bytes: Uint8Array }>();
  let hosts: ReadonlySet<string> = new Set();

  const routes: Record<string, (request: Request, rest: string) => Promise<Response> | Response> = {
    "GET /": () => new Response(PAGE.html, { headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": CSP } }),
    "GET /phone.js": () => new Response(PAGE.script, { headers: { "content-type": "text/javascript; charset=utf-8" } }),
    "GET /phone.css": () => new Response(PAGE.style, { headers: { "content-type": "text/css; charset=utf-8" } }),
    "GET /config": () => json(defaults),
    "GET /map.mmd": () => new Response(map.toMermaid(), { headers: TEXT_TYPE }),
    "GET /map.svg": () => new Response(map.toSvg(), { headers: { "content-type": "image/svg+xml; charset=utf-8" } }),
    "POST /map/clear": () => {
      map.clear();
      return json({ mermaid: map.toMermaid(), svg: map.toSvg() });
    },
    "POST /call": async (request) => {
      const body = await readJson(request);
      const settings = {
        url: webhookUrl(body.url, "url"),
        from: field(body.from, "from"),
        to: field(body.to, "to"),
        authToken: options.authToken,
        lint: options.lint,
        webSocketUrl: options.webSocketUrl,
      };
      const id = crypto.randomUUID();
      const encoder = new TextEncoder();
      let call: LiveCall;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const send = (event: PhoneEvent): void => {
            try {
              controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
              // toNodeHandler holds each chunk back until the next one (so that a one-chunk body gets a
              // Content-Length): an empty chunk sends the line now.
              controller.enqueue(new Uint8Array(0));
            } catch {
              // The page went away: the call is being hung up.
            }
          };
          call = new LiveCall(id, settings, map, send);
          calls.set(id, call);
          void call.run().finally(() => {
            calls.delete(id);
            try {
              controller.close();
            } catch {
              // Already cancelled by the page.
            }
          });
        },
        cancel() {
          call.end();
        },
      });
      // Closing the page or the connection is hanging up.
      request.signal.addEventListener("abort", () => call.end(), { once: true });
      return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
    },
    "POST /call/": async (request, rest) => {
      const [id = "", action = ""] = rest.split("/");
      const call = calls.get(id);
      if (call === undefined) throw new HttpError(404, `no call ${id} in progress`);
      if (action === "hangup") {
        call.end();
        return new Response(null, { status: 204 });
      }
      if (action !== "input") throw new HttpError(404, `unknown call action "${action}"`);
      const body = await readJson(request);
      const input = body.input === null ? undefined : (body.input as CallerInput | undefined);
      if (!call.input(input)) throw new HttpError(409, "the call is not waiting for the caller");
      return new Response(null, { status: 204 });
    },
    "POST /message": async (request) => {
      const body = await readJson(request);
      const media = Array.isArray(body.media) ? body.media.map((m, i) => webhookUrl(m, `media[${i}]`)) : [];
      const events = await deliverMessage(
        {
          url: webhookUrl(body.url, "url"),
          from: field(body.from, "from"),
          to: field(body.to, "to"),
          body: typeof body.body === "string" ? body.body : "",
          media,
          authToken: options.authToken,
          lint: options.lint,
        },
        map,
        conversation,
      );
      return json(events);
    },
    "POST /recordings": async (request) => {
      const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (!type.startsWith("audio/")) throw new HttpError(415, `a recording must be audio/*, not "${type}"`);
      const bytes = await readLimited(request.body, RECORDING_LIMIT);
      if (bytes === null) throw new HttpError(413, `a recording must be under ${RECORDING_LIMIT} bytes`);
      const id = `RE${crypto.randomUUID().replace(/-/g, "")}`;
      recordings.set(id, { type: request.headers.get("content-type")!, bytes });
      if (recordings.size > RECORDINGS_KEPT) recordings.delete(recordings.keys().next().value!);
      return json({ url: new URL(`/recordings/${id}`, request.url).href }, 201);
    },
    "GET /recordings/": (_request, rest) => {
      // Apps often add a format to a RecordingUrl (`.mp3`, `.wav`); the browser's recording is served whatever the suffix.
      const recording = recordings.get(rest.replace(/\.[a-z0-9]+$/i, ""));
      if (recording === undefined) throw new HttpError(404, `no recording ${rest}`);
      return new Response(recording.bytes, { headers: { "content-type": recording.type, "cache-control": "no-store" } });
    },
  };

  const fetch = async (request: Request): Promise<Response> => {
    try {
      const url = new URL(request.url);
      // A page on another site must not drive the phone: the Host must be this server (no DNS rebinding),
      // and whatever changes state must come from this page (browsers always send Origin with a POST).
      if (!hosts.has(url.host)) throw new HttpError(403, `this phone answers at 127.0.0.1, not ${url.host}`);
      const method = request.method === "HEAD" ? "GET" : request.method;
      if (method !== "GET" && request.headers.get("origin") !== url.origin) {
        throw new HttpError(403, `${method} requests must come from the phone's own page (Origin ${url.origin})`);
      }
      const exact = routes[`${method} ${url.pathname}`];
      if (exact !== undefined) return await exact(request, "");
      const slash = url.pathname.indexOf("/", 1);
      const prefix = slash === -1 ? undefined : routes[`${method} ${url.pathname.slice(0, slash + 1)}`];
      if (prefix !== undefined) return await prefix(request, url.pathname.slice(slash + 1));
      throw new HttpError(404, `no ${method} ${url.pathname} here`);
    } catch (error) {
      if (error instanceof HttpError) return new Response(`${error.message}\n`, { status: error.status, headers: TEXT_TYPE });
      throw error;
    }
  };

  return {
    fetch,
    listening: (port) => {
      hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    },
    hangUpAll: () => {
      for (const call of calls.values()) call.end();
    },
  };
}

function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: JSON_TYPE });
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new HttpError(415, `the body must be application/json, not "${type}"`);
  const bytes = await readLimited(request.body, JSON_LIMIT);
  if (bytes === null) throw new HttpError(413, `the body must be under ${JSON_LIMIT} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new HttpError(400, "the body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HttpError(400, "the body must be a JSON object");
  return value as Record<string, unknown>;
}

function field(value: unknown, name: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new HttpError(400, `"${name}" must be a non-empty string`);
  return value.trim();
}

function webhookUrl(value: unknown, name: string): string {
  const text = field(value, name);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HttpError(400, `"${name}" must be an absolute http(s) URL, such as http://127.0.0.1:3000/voice, not "${text}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new HttpError(400, `"${name}" must be an http(s) URL, not ${url.protocol} ("${text}")`);
  }
  return url.href;
}
