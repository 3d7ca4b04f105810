// The public shapes of the call and message simulator.
import type { DialCallStatus } from "../server/params.js";
import type { RelayMessageFromTwilio, RelayMessageToTwilio } from "../server/relay.js";
import type { Conversation } from "./message.js";

/** How a `<Dial>` ended, as Twilio reports it in `DialCallStatus`. */
export type DialStatus = DialCallStatus;

/** How a caller left a queue, as Twilio reports it in `QueueResult`. */
export type QueueResult = "bridged" | "leave" | "hangup" | "redirected" | "queue-full" | "error" | "system-error";

/** How a `<Pay>` ended, as Twilio reports it in `Result`. */
export type PayResult =
  | "success"
  | "payment-connector-error"
  | "caller-interrupted-with-star"
  | "caller-hung-up"
  | "validation-error"
  | "too-many-failed-attempts"
  | "internal-error"
  | "input-timeout";

/** How a `<Record>` ended. */
export type RecordEnd = "silence" | "key" | "max-length" | "hangup";

/** One partial speech result sent to a `<Gather partialResultCallback>`. */
export interface PartialSpeech {
  readonly stable: string;
  readonly unstable: string;
}

/**
 * What the caller does at the next point where the call waits for them. Each verb that waits takes the kinds
 * listed in `InputKind`; an input of another kind is an error naming both.
 */
export type CallerInput =
  /** Keys pressed at a `<Gather>`, e.g. `"1"` or `"1234#"`. */
  | string
  /** Words said at a `<Gather>`; `partial` are the results sent to its `partialResultCallback` (one per word by default). */
  | { readonly speech: string; readonly confidence?: number; readonly partial?: readonly PartialSpeech[] }
  /** No answer to a `<Gather>`: it times out. */
  | { readonly silence: true }
  /**
   * The caller hangs up at the next point where the call waits for them (a `<Gather>`, `<Record>`, `<Dial>`, a
   * queue, a `<Pay>`, a `<Say loop="0">`…) or, with `after`, as soon as they have heard a prompt containing that text.
   */
  | { readonly hangup: true; readonly after?: string }
  /** The outcome of a `<Dial>`: `star` is the caller pressing `*` to leave it (with `hangupOnStar`). */
  | { readonly dial: DialStatus; readonly duration?: number; readonly star?: boolean }
  /**
   * A `<Record>`: how long the caller speaks and how it ends (`"silence"` by default, `"key"` by default with
   * `digits`); `url` is the `RecordingUrl` the action receives.
   */
  | { readonly record: { readonly duration: number; readonly end?: RecordEnd; readonly digits?: string; readonly url?: string } }
  /** How the caller leaves the queue they wait in after `<Enqueue>`, after `time` seconds. */
  | { readonly queue: QueueResult; readonly time?: number }
  /** The outcome of a `<Pay>`; `params` adds or replaces payment fields (`PaymentCardNumber`…). */
  | { readonly pay: PayResult; readonly params?: Readonly<Record<string, string>> }
  /** The end of a `<Connect>` session, with the parameters its action receives (e.g. a ConversationRelay's). */
  | { readonly connect: Readonly<Record<string, string>> }
  /** The outcome of a `<Refer>`: `ReferCallStatus` and `ReferSipResponseCode`. */
  | { readonly refer: string; readonly sipResponseCode?: number };

/** The kinds of `CallerInput`, as `InputPrompt.accepts` lists them. */
export type InputKind = "keys" | "speech" | "silence" | "hangup" | "dial" | "record" | "queue" | "pay" | "connect" | "refer";

/** A fetch-style app, as `webhook()` returns it. */
export type App = (request: Request) => Promise<Response> | Response;

export interface SimulatedRequest {
  readonly method: "GET" | "POST";
  /** The full URL requested, with the query string (for GET, Twilio's parameters are in it). */
  readonly url: string;
  /** The parameters sent (in the query string for GET, in the form body for POST). */
  readonly params: Readonly<Record<string, string>>;
}

/** One verb as executed, with its attributes as written. */
export interface CallEvent {
  readonly verb: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The verb's text (a number for `<Dial>`, a URL for `<Play>`, a queue name…), if any. */
  readonly text?: string;
  /** Nouns and other child elements, e.g. each `<Number>` of a `<Dial>`, a `<Stream>` of a `<Connect>`. */
  readonly children?: readonly CallEvent[];
}

/** How a call ended: `error` for a Twilio error, a script that does not fit the flow, or a call that never ends. */
export type CallEnd = "hangup" | "reject" | "completed" | "error";

export interface CallResult {
  /** What the caller heard, in order: each `<Say>` as spoken (SSML flattened to its words), `<Play>` as `"[play URL]"`. */
  readonly heard: readonly string[];
  /** Every request made, in order. */
  readonly requests: readonly SimulatedRequest[];
  /** Every verb executed, in order. */
  readonly events: readonly CallEvent[];
  /** How the call ended. */
  readonly end: CallEnd;
  /**
   * Set when `end` is `"error"`: Twilio's error code where one applies (12100, 11200, 11205, 12300, 11750…),
   * 0 for what only the simulator reports (a script that does not fit, a call that never ends, `maxSteps`).
   */
  readonly error?: { readonly code: number; readonly message: string };
}

/** What happens during a simulation, reported as it happens. */
export type LiveEvent =
  | { readonly type: "request"; readonly request: SimulatedRequest }
  | {
      readonly type: "response";
      readonly url: string;
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    }
  | { readonly type: "verb"; readonly event: CallEvent }
  | { readonly type: "heard"; readonly text: string; readonly verb: string; readonly attributes: Readonly<Record<string, string>> }
  | { readonly type: "end"; readonly result: CallResult };

/** What `simulateMessage` reports as it happens. */
export type MessageLiveEvent =
  | Extract<LiveEvent, { type: "request" | "response" }>
  | { readonly type: "reply"; readonly message: SentMessage }
  | { readonly type: "end"; readonly result: MessageResult };

export interface SimulateCallOptions {
  /** The first document's absolute URL; with `app`, the base for relative URLs. Default `http://localhost/`. */
  readonly url?: string | undefined;
  /** An in-process fetch-style app; without it, `url` is requested over real HTTP. */
  readonly app?: App | undefined;
  readonly from: string;
  readonly to: string;
  /** Signs every request as Twilio would (`X-Twilio-Signature`). */
  readonly authToken?: string | undefined;
  /** Sent as `ApplicationSid` when the number is configured with a TwiML app. */
  readonly applicationSid?: string | undefined;
  /** The caller's script, consumed in order by the points where the call waits for the caller. */
  readonly input?: readonly CallerInput[] | undefined;
  /** Inputs left over when the call ends are an error unless this is true. */
  readonly allowUnusedInput?: boolean | undefined;
  /** Method of the first request. Default `POST`. */
  readonly method?: "GET" | "POST" | undefined;
  /** A flow that keeps requesting documents stops with an error after this many. Default 50. */
  readonly maxSteps?: number | undefined;
  /** Milliseconds a request may take, body included, before it fails with 11205. Default 15,000, as Twilio. */
  readonly timeout?: number | undefined;
  /** Extra parameters sent with every request (e.g. `CallerName`, `FromCity`). */
  readonly params?: Readonly<Record<string, string>> | undefined;
  /**
   * Asked at every point where the call waits for the caller once `input` has run out (an interactive caller);
   * `undefined` is the verb's default outcome (silence at a `<Gather>`, a completed `<Dial>`…).
   */
  readonly onInput?: ((prompt: InputPrompt) => Promise<CallerInput | undefined>) | undefined;
  /** Told of every request, response, verb, prompt heard and the end, as they happen. */
  readonly onEvent?: ((event: LiveEvent) => void) | undefined;
  /** Aborting it is the caller hanging up now. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Plays the WebSocket server of every `<ConversationRelay>` the call reaches, in process: no socket is opened.
   * Without it, the simulator connects to the `url` of the `<ConversationRelay>` with the `ws` package.
   */
  readonly agent?: RelayAgent | undefined;
  /**
   * Where to open the WebSocket of a `<ConversationRelay url>`, such as the loopback server behind the tunnel
   * the `wss://` URL names. The handshake is signed over the URL as written, as Twilio signs it.
   */
  readonly webSocketUrl?: ((url: string) => string) | undefined;
}

/** The simulator's side of a ConversationRelay session, as an in-process agent sees it. */
export interface RelayAgentSession {
  /** The `<ConversationRelay url>` as written. */
  readonly url: string;
  /** The handshake's headers: `x-twilio-signature` when the call has an `authToken`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Sends a message to ConversationRelay; a string is sent as is, to test how malformed messages are refused. */
  send(message: RelayMessageToTwilio | string): void;
  /** Closes the socket, as a server does when it drops the session. */
  close(): void;
}

/**
 * An in-process ConversationRelay agent: called with each message Twilio sends (`setup`, `prompt`, `dtmf`,
 * `error`), one at a time, it answers through `session.send`.
 */
export type RelayAgent = (message: RelayMessageFromTwilio, session: RelayAgentSession) => void | Promise<void>;

/** What an interactive caller is asked: the verb waiting for them, what it accepts, and everything heard so far. */
export interface InputPrompt {
  readonly verb: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly heard: readonly string[];
  /** The `CallerInput` kinds valid here. */
  readonly accepts: readonly InputKind[];
}

export interface SentMessage {
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly media: readonly string[];
  /** The `<Message>` attributes as written (`action`, `method`, `statusCallback`…). */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface MessageResult {
  readonly replies: readonly SentMessage[];
  readonly requests: readonly SimulatedRequest[];
  readonly end: "completed" | "error";
  readonly error?: { readonly code: number; readonly message: string };
}

/** A media item of an incoming message, with the content type Twilio reports for it. */
export interface IncomingMedia {
  readonly url: string;
  readonly contentType: string;
}

export interface SimulateMessageOptions {
  readonly url?: string | undefined;
  readonly app?: App | undefined;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  /** Media the incoming message carries: a URL (its type guessed from the extension) or a URL with its content type. */
  readonly media?: readonly (string | IncomingMedia)[] | undefined;
  readonly authToken?: string | undefined;
  /** Sent as `MessagingServiceSid` when the number belongs to a Messaging Service. */
  readonly messagingServiceSid?: string | undefined;
  /** Extra parameters sent with every request (e.g. `ProfileName`, `FromCity`). */
  readonly params?: Readonly<Record<string, string>> | undefined;
  /** Carries cookies from message to message between the same From/To pair. */
  readonly conversation?: Conversation | undefined;
  readonly method?: "GET" | "POST" | undefined;
  readonly maxSteps?: number | undefined;
  /** Milliseconds a request may take, body included. Default 15,000. */
  readonly timeout?: number | undefined;
  readonly onEvent?: ((event: MessageLiveEvent) => void) | undefined;
}
