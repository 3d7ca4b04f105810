// The public shapes of the call and message simulator.

/** What the caller does at the next verb that waits for them. */
export type CallerInput =
  /** Keypresses, e.g. `"1"` or `"1234#"`. */
  | string
  /** Words the caller says. */
  | { readonly speech: string; readonly confidence?: number }
  /** The outcome of the next `<Dial>`. */
  | { readonly dial: "completed" | "busy" | "no-answer" | "failed" | "canceled"; readonly duration?: number }
  /** The next `<Record>`: how long the caller speaks, and the key that ends it. */
  | { readonly record: { readonly duration: number; readonly digits?: string } }
  /** No answer to the next `<Gather>`. */
  | { readonly silence: true };

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

export interface CallResult {
  /** What the caller heard, in order: each `<Say>` as spoken (SSML flattened to its words), `<Play>` as `"[play URL]"`. */
  readonly heard: readonly string[];
  /** Every request made, in order. */
  readonly requests: readonly SimulatedRequest[];
  /** Every verb executed, in order. */
  readonly events: readonly CallEvent[];
  /** How the call ended. */
  readonly end: "hangup" | "reject" | "completed" | "error";
  /** Set when `end` is `"error"`: Twilio's error code where one applies (12100, 11200, 12300, 11750…). */
  readonly error?: { readonly code: number; readonly message: string };
}

export interface SimulateCallOptions {
  /** The first document's absolute URL; with `app`, the base for relative URLs. Default `http://localhost/`. */
  readonly url?: string;
  /** An in-process fetch-style app; without it, `url` is requested over real HTTP. */
  readonly app?: App;
  readonly from: string;
  readonly to: string;
  /** Signs every request as Twilio would (`X-Twilio-Signature`). */
  readonly authToken?: string;
  /** The caller's script, consumed in order by the verbs that wait for the caller. */
  readonly input?: readonly CallerInput[];
  /** Method of the first request. Default `POST`. */
  readonly method?: "GET" | "POST";
  /** A flow that keeps requesting documents stops with an error after this many. Default 50. */
  readonly maxSteps?: number;
  /** Extra parameters sent with every request (e.g. `CallerName`). */
  readonly params?: Readonly<Record<string, string>>;
  /**
   * Asked for the caller's answer when a `<Gather>` waits and the script has run out (an interactive caller);
   * `undefined` is silence.
   */
  readonly onInput?: (prompt: InputPrompt) => Promise<CallerInput | undefined>;
}

/** What an interactive caller is asked: the verb waiting for them, and everything heard so far. */
export interface InputPrompt {
  readonly verb: "Gather";
  readonly attributes: Readonly<Record<string, string>>;
  readonly heard: readonly string[];
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

export interface SimulateMessageOptions {
  readonly url?: string;
  readonly app?: App;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  /** Media URLs the incoming message carries. */
  readonly media?: readonly string[];
  readonly authToken?: string;
  readonly method?: "GET" | "POST";
  readonly maxSteps?: number;
}
