// A `<Connect><ConversationRelay>` conversation, played as Twilio plays it: open the WebSocket (or call an
// in-process agent) with the handshake signed over the URL as written, send `setup`, turn the caller's words
// and keys into `prompt` and `dtmf` messages, and speak the agent's replies until it sends `end`, the caller
// hangs up or the session fails (https://www.twilio.com/docs/voice/conversationrelay/websocket-messages).
import type { RelayMessageFromTwilio, RelayMessageToTwilio, RelaySetup } from "../server/relay.js";
import { parseRelayReply } from "../server/relay.js";
import { WebSocketMessageError, type WebSocketData } from "../server/message.js";
import { computeSignature } from "../server/signature.js";
import type { Call } from "./call.js";
import { CallerHungUp } from "./input.js";
import { sid, type SimulatorError } from "./request.js";
import type { InputKind, PartialSpeech, RelayAgent, RelayAgentSession } from "./types.js";
import type { XmlElement } from "../xml/parse.js";

/** How long the agent may take to finish a reply when the call's `timeout` does not say. */
const REPLY_TIMEOUT_MS = 15_000;

/** Twilio's codes for a session that fails (https://www.twilio.com/docs/api/errors/64102, /64105, /64107). */
const UNABLE_TO_CONNECT = 64102;
const WEBSOCKET_ENDED = 64105;
const INVALID_MESSAGE = 64107;

/** How a session ended: the `<Connect action>` parameters, and whether the caller hung up or it failed. */
export type SessionEnd =
  | {
      readonly kind: "ended";
      readonly params: Readonly<Record<string, string>>;
      readonly hungUp: boolean;
      /** Set when the session failed (no server, or the socket closed without `end`): the action learns it from `ErrorCode`. */
      readonly failure?: SimulatorError;
    }
  /** The call itself ends with an error: an agent that broke the protocol, threw, or never finished a reply. */
  | { readonly kind: "error"; readonly error: SimulatorError };

type Incoming =
  | { readonly kind: "message"; readonly data: WebSocketData }
  | { readonly kind: "close"; readonly reason: string }
  | { readonly kind: "crash"; readonly error: SimulatorError };

/** What the agent sent, in arrival order; `next` waits for the next one until a deadline or the caller's hangup. */
class Inbox {
  private readonly items: Incoming[] = [];
  private wake: (() => void) | null = null;

  push(item: Incoming): void {
    this.items.push(item);
    this.wake?.();
  }

  take(): Incoming | undefined {
    return this.items.shift();
  }

  /** The next item; null once `deadline` passes or `signal` aborts first. */
  async next(deadline: number, signal: AbortSignal | undefined): Promise<Incoming | null> {
    while (this.items.length === 0) {
      if (Date.now() >= deadline || signal?.aborted === true) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        signal?.addEventListener("abort", done, { once: true });
        this.wake = done;
        function done(): void {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          resolve();
        }
      });
      this.wake = null;
    }
    return this.items.shift()!;
  }
}

/** The simulator's end of the session: what goes to the agent, and closing it. */
interface Channel {
  send(message: RelayMessageFromTwilio): void;
  close(): void;
}

function inProcess(agent: RelayAgent, url: string, headers: Readonly<Record<string, string>>, inbox: Inbox): Channel {
  let closed = false;
  // One message at a time, as a WebSocket delivers them: an async agent finishes one before it gets the next.
  let queue = Promise.resolve();
  const session: RelayAgentSession = {
    url,
    headers,
    send(message) {
      if (!closed) inbox.push({ kind: "message", data: typeof message === "string" ? message : JSON.stringify(message) });
    },
    close() {
      if (closed) return;
      closed = true;
      inbox.push({ kind: "close", reason: "the agent closed the session" });
    },
  };
  return {
    send(message) {
      // Delivered even after `close`, as a socket flushes what was sent before its close frame.
      queue = queue.then(async () => {
        try {
          await agent(message, session);
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          inbox.push({ kind: "crash", error: { code: 0, message: `the agent threw on the ${message.type} message: ${why}` } });
        }
      });
    },
    close() {
      closed = true;
    },
  };
}

type WsModule = typeof import("ws");

/** `ws` is an optional peer of the testing entry: loaded only when a call reaches a real ConversationRelay socket. */
async function loadWs(): Promise<WsModule | null> {
  try {
    return await import("ws");
  } catch {
    return null;
  }
}

/** Opens the socket; resolves to the channel, or to why the handshake failed. */
async function overWebSocket(
  ws: WsModule,
  target: string,
  headers: Readonly<Record<string, string>>,
  inbox: Inbox,
  timeout: number,
): Promise<Channel | string> {
  const socket = new ws.WebSocket(target, { headers, handshakeTimeout: timeout });
  let open = false;
  const opened = await new Promise<true | string>((resolve) => {
    socket.once("open", () => resolve(true));
    // One listener for the socket's life: an error after a refused handshake must not go unhandled.
    socket.on("error", (error) => {
      if (open) inbox.push({ kind: "close", reason: `the WebSocket failed (${error.message})` });
      else resolve(error.message);
    });
    socket.once("unexpected-response", (request, response) => {
      // With this listener set, ws leaves the refused request to us.
      request.destroy();
      resolve(`the server answered the handshake with HTTP ${response.statusCode}`);
    });
  });
  if (opened !== true) return opened;
  open = true;
  socket.on("message", (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    inbox.push({ kind: "message", data: isBinary ? bytes : bytes.toString("utf8") });
  });
  socket.on("close", (code) => inbox.push({ kind: "close", reason: `the server closed the WebSocket (code ${code})` }));
  return {
    send: (message) => socket.send(JSON.stringify(message)),
    close: () => socket.close(1000),
  };
}

/** The `<Parameter name value>` children of `<ConversationRelay>`, as `setup.customParameters`. */
function customParameters(relay: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const child of relay.children) {
    if (typeof child !== "string" && child.name === "Parameter" && child.attributes.name !== undefined) {
      out[child.attributes.name] = child.attributes.value ?? "";
    }
  }
  return out;
}

/**
 * Runs the conversation of `relay` inside `connect`. The caller's turn comes once the agent has finished a
 * reply: a `text` token marked `last: true`, a `play`, or `end`. A session opens with the caller's turn when
 * `welcomeGreeting` speaks for the agent, and with the agent's own greeting otherwise.
 */
export async function converse(call: Call, connect: XmlElement, relay: XmlElement): Promise<SessionEnd> {
  const { options } = call;
  const url = relay.attributes.url ?? "";
  const shown = `<ConversationRelay url="${url}">`;
  if (!URL.canParse(url) || new URL(url).protocol !== "wss:") {
    return { kind: "error", error: { code: UNABLE_TO_CONNECT, message: `${shown}: Twilio connects only to an absolute wss:// URL` } };
  }
  const timeout = options.timeout ?? REPLY_TIMEOUT_MS;
  const sessionId = sid("VX", `relay:${call.callSid}:${call.events.length}`);
  const started = Date.now();
  const params = (status: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> => ({
    SessionId: sessionId,
    SessionStatus: status,
    SessionDuration: String(Math.round((Date.now() - started) / 1000)),
    ...extra,
  });
  const failed = (code: number, message: string): SessionEnd => ({
    kind: "ended",
    params: params("failed", { ErrorCode: String(code), ErrorMessage: message }),
    hungUp: false,
    failure: { code, message },
  });

  // Twilio signs the handshake as a GET webhook, over the URL as written in the TwiML.
  const headers: Record<string, string> = {};
  if (options.authToken !== undefined) headers["x-twilio-signature"] = await computeSignature(options.authToken, url, null);
  const inbox = new Inbox();
  let channel: Channel;
  if (options.agent !== undefined) {
    channel = inProcess(options.agent, url, headers, inbox);
  } else {
    const ws = await loadWs();
    if (ws === null) {
      return {
        kind: "error",
        error: {
          code: 0,
          message: `${shown}: opening its WebSocket needs the "ws" package (npm install --save-dev ws), or give the call an in-process agent (the agent option)`,
        },
      };
    }
    const target = options.webSocketUrl?.(url) ?? url;
    const opened = await overWebSocket(ws, target, headers, inbox, timeout);
    if (typeof opened === "string") return failed(UNABLE_TO_CONNECT, `${shown}: could not connect to ${target}: ${opened}`);
    channel = opened;
  }

  let language = relay.attributes.transcriptionLanguage ?? relay.attributes.language ?? "en-US";
  let tokens = "";
  const accepts: InputKind[] = relay.attributes.dtmfDetection === "true" ? ["speech", "keys", "hangup"] : ["speech", "hangup"];

  type Turn = "done" | SessionEnd;
  /** Acts on one message of the agent; "done" when it completes a reply, a SessionEnd when it ends the session. */
  const handle = (item: Incoming): Turn | null => {
    if (item.kind === "crash") return { kind: "error", error: item.error };
    if (item.kind === "close") return failed(WEBSOCKET_ENDED, `${shown}: ${item.reason} without an end message`);
    let message: RelayMessageToTwilio;
    try {
      message = parseRelayReply(item.data);
    } catch (error) {
      if (!(error instanceof WebSocketMessageError)) throw error;
      const description = `Invalid message received: ${error.message}`;
      channel.send({ type: "error", description });
      return { kind: "error", error: { code: INVALID_MESSAGE, message: `${shown}: ${description}` } };
    }
    switch (message.type) {
      case "text":
        tokens += message.token;
        if (message.last !== true) return null;
        call.hear(tokens, relay);
        tokens = "";
        return "done";
      case "play":
        call.hear(`[play ${message.source}]`, relay);
        return "done";
      case "sendDigits":
        call.hear(`[play digits ${message.digits}]`, relay);
        return null;
      case "language":
        language = message.transcriptionLanguage ?? language;
        return null;
      case "end":
        // Tokens never marked last are still spoken before the session ends.
        if (tokens !== "") call.hear(tokens, relay);
        return {
          kind: "ended",
          params: params("completed", message.handoffData === undefined ? {} : { HandoffData: message.handoffData }),
          hungUp: false,
        };
    }
  };

  /** Waits for the agent to finish its reply to `what`. */
  const reply = async (what: string): Promise<Turn> => {
    const deadline = Date.now() + timeout;
    for (;;) {
      const item = await inbox.next(deadline, options.signal);
      if (item === null) {
        if (call.aborted()) throw new CallerHungUp();
        return {
          kind: "error",
          error: {
            code: 0,
            message:
              `${shown}: the agent did not finish its reply to ${what} within ${timeout} ms ` +
              `(a reply ends with a text token marked last: true, a play or an end message)`,
          },
        };
      }
      const turn = handle(item);
      if (turn !== null) return turn;
    }
  };

  /** Acts on what the agent sent while the caller was being asked; a SessionEnd when that ended the session. */
  const drain = (): SessionEnd | null => {
    for (let item = inbox.take(); item !== undefined; item = inbox.take()) {
      const turn = handle(item);
      if (turn !== null && turn !== "done") return turn;
    }
    return null;
  };

  try {
    const setup: RelaySetup = {
      type: "setup",
      sessionId,
      accountSid: call.accountSid,
      parentCallSid: "",
      callSid: call.callSid,
      from: options.from,
      to: options.to,
      callType: "PSTN",
      callerName: options.params?.CallerName ?? "",
      direction: "inbound",
      callStatus: "IN-PROGRESS",
      customParameters: customParameters(relay),
    };
    channel.send(setup);
    const greeting = relay.attributes.welcomeGreeting;
    if (greeting !== undefined && greeting !== "") {
      call.hear(greeting, relay);
    } else {
      const turn = await reply("the setup message");
      if (turn !== "done") return turn;
    }
    for (;;) {
      const answer = await call.wait(connect, accepts);
      const ended = drain();
      if (ended !== null) return ended;
      if (answer === undefined) {
        return {
          kind: "error",
          error: {
            code: 0,
            message:
              `the call never ends: the agent of ${shown} waits for the caller; the script must speak ({ speech }), ` +
              `${accepts.includes("keys") ? "press keys, " : ""}or hang up ({ hangup: true }) for <Connect> to end`,
          },
        };
      }
      if (typeof answer === "object" && "hangup" in answer) return { kind: "ended", params: params("ended"), hungUp: true };
      let what: string;
      if (typeof answer === "string") {
        for (const digit of answer) channel.send({ type: "dtmf", digit });
        what = `the keys "${answer}"`;
      } else if ("speech" in answer) {
        if (relay.attributes.partialPrompts === "true") {
          for (const voicePrompt of partialPrompts(answer.speech, answer.partial)) {
            channel.send({ type: "prompt", voicePrompt, lang: language, last: false });
          }
        }
        channel.send({ type: "prompt", voicePrompt: answer.speech, lang: language, last: true });
        what = `the prompt "${answer.speech}"`;
      } else {
        // `wait` lets through only the kinds in `accepts` (and a queue outcome, which leaves by an exception).
        continue;
      }
      const turn = await reply(what);
      if (turn !== "done") return turn;
    }
  } catch (error) {
    if (error instanceof CallerHungUp) return { kind: "ended", params: params("ended"), hungUp: true };
    throw error;
  } finally {
    channel.close();
  }
}

/**
 * The partial transcripts sent before the whole utterance with `partialPrompts`: the script's `partial` results,
 * or the words so far, one more each time.
 */
function partialPrompts(speech: string, partial: readonly PartialSpeech[] | undefined): string[] {
  if (partial !== undefined) return partial.map(({ stable, unstable }) => [stable, unstable].filter((part) => part !== "").join(" "));
  const words = speech.split(/\s+/).filter((word) => word !== "");
  return words.slice(0, -1).map((_, i) => words.slice(0, i + 1).join(" "));
}

/** The `<ConversationRelay>` of a `<Connect>`, if it has one. */
export function relayOf(connect: XmlElement): XmlElement | undefined {
  return connect.children.find((child): child is XmlElement => typeof child !== "string" && child.name === "ConversationRelay");
}
