// An AI receptionist without an AI service: `<Connect><ConversationRelay>` hands the call to a small rule-based
// agent on a WebSocket (Twilio does the speech recognition and text-to-speech), which answers questions about
// opening hours and the address and, when the caller asks for a person, ends the session with `handoffData`.
// Twilio then requests the `<Connect action>`, which dials the right desk. One node:http server serves both the
// webhooks and the WebSocket, whose handshake must carry Twilio's signature.
import { createServer, type Server } from "node:http";
import { Connect, ConversationRelay, Dial, Hangup, Parameter, Say, VoiceResponse, type TwiMLElement } from "twiml-jsx";
import {
  parseRelayMessage,
  toNodeHandler,
  verifyWebSocketRequest,
  webhook,
  WebSocketMessageError,
  type RelayMessageFromTwilio,
  type RelayMessageToTwilio,
  type VoiceCallParams,
} from "twiml-jsx/server";
import { WebSocketServer } from "ws";

/** Desks a caller can be handed to, by the word that names them. */
export const DESKS: Readonly<Record<string, string>> = {
  front: "+14155550100",
  sales: "+14155550101",
  billing: "+14155550102",
};

const GREETING = "Hi, this is Acme's virtual receptionist. Ask me about our hours or address, or ask for a person.";

/** What the agent passes to the `<Connect action>` in `handoffData`. */
export interface Transfer {
  readonly desk: keyof typeof DESKS;
}

/** The parameters the `<Connect action>` of a ConversationRelay session receives, besides the call's. */
export interface RelayActionParams extends VoiceCallParams {
  readonly SessionId?: string;
  /** `completed` after the agent's `end`, `ended` when the caller hung up, `failed` on an error. */
  readonly SessionStatus?: string;
  readonly SessionDuration?: string;
  /** The agent's `handoffData`, as sent. */
  readonly HandoffData?: string;
  readonly ErrorCode?: string;
}

export interface ReceptionistProps {
  /** The agent's public `wss://` URL. */
  relayUrl: string;
}

/** The call's first document: the conversation, then the handoff at `/voice/receptionist/handoff`. */
export function Receptionist({ relayUrl }: ReceptionistProps): TwiMLElement {
  return (
    <VoiceResponse>
      <Connect action="/voice/receptionist/handoff">
        <ConversationRelay url={relayUrl} welcomeGreeting={GREETING} dtmfDetection>
          <Parameter name="business" value="Acme" />
        </ConversationRelay>
      </Connect>
    </VoiceResponse>
  );
}

/** The handoff data, or undefined when it is missing or not ours. */
function transferOf(data: string | undefined): Transfer | undefined {
  try {
    const value: unknown = JSON.parse(data ?? "");
    const desk = (value as { desk?: unknown }).desk;
    return typeof desk === "string" && desk in DESKS ? { desk } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `<Connect action>`: dials the desk the agent chose. A session that failed (the agent unreachable or gone)
 * still reaches a person, at the front desk; a caller the agent said goodbye to is hung up on.
 */
export function Handoff({ params }: { params: RelayActionParams }): TwiMLElement {
  const transfer = params.SessionStatus === "failed" ? { desk: "front" } : transferOf(params.HandoffData);
  if (transfer === undefined) {
    return (
      <VoiceResponse>
        <Hangup />
      </VoiceResponse>
    );
  }
  return (
    <VoiceResponse>
      {params.SessionStatus === "failed" && <Say>Sorry, our assistant is unavailable.</Say>}
      <Say>Connecting you to our {transfer.desk} desk.</Say>
      <Dial>{DESKS[transfer.desk]}</Dial>
    </VoiceResponse>
  );
}

/** The agent's rules: its replies to what the caller said or pressed, and the handoff that ends the session. */
export function reply(words: string): { text: string; transfer?: Transfer; goodbye?: true } {
  const said = words.toLowerCase();
  if (/\b(bye|goodbye|that's all)\b/.test(said)) return { text: "Thanks for calling Acme. Goodbye!", goodbye: true };
  for (const desk of Object.keys(DESKS)) {
    if (said.includes(desk)) return { text: `Sure, let me put you through to ${desk}.`, transfer: { desk } };
  }
  if (/\b(person|human|agent|someone|representative)\b/.test(said) || said === "0") {
    return { text: "Of course, connecting you to the front desk.", transfer: { desk: "front" } };
  }
  if (/\b(hours|open|close)\b/.test(said)) return { text: "We're open Monday to Friday, nine to five." };
  if (/\b(address|where|located)\b/.test(said)) return { text: "We're at 1 Market Street, San Francisco." };
  return { text: "I can tell you our hours or our address, or connect you to sales, billing or the front desk." };
}

/**
 * One session of the agent: answers each prompt (and key, 0 for a person) with its reply streamed as tokens, as
 * a language model's would be, and ends the session for a handoff or a goodbye.
 */
export function agentTurn(message: RelayMessageFromTwilio): RelayMessageToTwilio[] {
  let words: string;
  if (message.type === "prompt" && message.last) words = message.voicePrompt;
  else if (message.type === "dtmf") words = message.digit;
  else return [];
  const { text, transfer, goodbye } = reply(words);
  const tokens = text.split(/(?<= )/);
  const out: RelayMessageToTwilio[] = tokens.map((token, i) => ({ type: "text", token, last: i === tokens.length - 1 }));
  if (transfer !== undefined) out.push({ type: "end", handoffData: JSON.stringify(transfer) });
  else if (goodbye) out.push({ type: "end" });
  return out;
}

export interface ReceptionistOptions {
  /** Your account's auth token: webhooks and the WebSocket handshake must be signed with it. */
  readonly authToken: string;
  /** The public origin Twilio reaches the server at, such as `https://abc.ngrok.app` (its `wss://` twin for the agent). */
  readonly publicUrl: string;
  /** Where refused handshakes and malformed messages are reported. Default: `console.error`. */
  readonly log?: (message: string) => void;
}

/** The webhooks as one fetch-style handler: `/voice/receptionist` starts the call, its `<Connect action>` hands off. */
export function createReceptionistHandler(options: ReceptionistOptions): (request: Request) => Promise<Response> {
  const relayUrl = `${options.publicUrl.replace(/^http/, "ws")}/agent`;
  const settings = { authToken: options.authToken, publicUrl: options.publicUrl };
  const routes = new Map<string, (request: Request) => Promise<Response>>([
    ["/voice/receptionist", webhook(() => <Receptionist relayUrl={relayUrl} />, settings)],
    ["/voice/receptionist/handoff", webhook<RelayActionParams>(({ params }) => <Handoff params={params} />, settings)],
  ]);
  return async (request) => routes.get(new URL(request.url).pathname)?.(request) ?? new Response("Not Found", { status: 404 });
}

/**
 * The receptionist as a `node:http` server, not yet listening: the webhooks, and the agent's WebSocket at
 * `/agent`, refused (403) unless Twilio signed the handshake.
 */
export function createReceptionist(options: ReceptionistOptions): Server {
  const log = options.log ?? ((message: string) => console.error(message));
  const server = createServer(toNodeHandler(createReceptionistHandler(options)));
  const agents = new WebSocketServer({ noServer: true });
  server.on("upgrade", (request, socket, head) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    void verifyWebSocketRequest(request, { authToken: options.authToken, publicUrl: options.publicUrl, log }).then((valid) => {
      if (path !== "/agent" || !valid) {
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
        return;
      }
      agents.handleUpgrade(request, socket, head, (ws) => {
        ws.on("message", (data: Buffer, isBinary) => {
          let message: RelayMessageFromTwilio;
          try {
            message = parseRelayMessage(isBinary ? data : data.toString("utf8"));
          } catch (error) {
            // A message the agent cannot read is reported, not answered: Twilio would take any reply for a turn.
            log(error instanceof WebSocketMessageError ? error.message : String(error));
            return;
          }
          for (const out of agentTurn(message)) ws.send(JSON.stringify(out));
        });
      });
    });
  });
  return server;
}
