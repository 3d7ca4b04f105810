// One browser call: a simulated call run by the simulator, its events streamed to the page as lines of JSON,
// and the caller's answers and hang-up received from the page.
import { indent } from "../render/pretty.js";
import { simulateCall, simulateMessage, type Conversation } from "../testing/index.js";
import type { CallerInput, InputPrompt, LiveEvent, MessageLiveEvent } from "../testing/types.js";
import type { FlowMap, Trace } from "./map.js";

/** A problem a linter finds in a TwiML document, shown under the response that carried it. */
export interface LintProblem {
  readonly code: string;
  readonly message: string;
  readonly path?: string;
}

export type Lint = (xml: string) => readonly LintProblem[];

export interface CallSettings {
  readonly url: string;
  readonly from: string;
  readonly to: string;
  readonly authToken: string | undefined;
  readonly lint: Lint | undefined;
}

/** A call's settings: a message's, and where its `<ConversationRelay>` sockets open. */
export interface LiveCallSettings extends CallSettings {
  readonly webSocketUrl: ((url: string) => string) | undefined;
}

/** What the page receives: the simulator's events, the prompts, and the map after each request. */
export type PhoneEvent =
  | LiveEvent
  | MessageLiveEvent
  | { readonly type: "call"; readonly id: string }
  | { readonly type: "prompt"; readonly prompt: InputPrompt }
  | { readonly type: "map"; readonly mermaid: string; readonly svg: string };

export class LiveCall {
  private readonly hangup = new AbortController();
  private answer: ((input: CallerInput | undefined) => void) | undefined;
  private readonly trace: Trace;

  constructor(
    readonly id: string,
    private readonly settings: LiveCallSettings,
    private readonly map: FlowMap,
    private readonly send: (event: PhoneEvent) => void,
  ) {
    this.trace = map.trace("call");
  }

  get waiting(): boolean {
    return this.answer !== undefined;
  }

  async run(): Promise<void> {
    this.send({ type: "call", id: this.id });
    const result = await simulateCall({
      url: this.settings.url,
      from: this.settings.from,
      to: this.settings.to,
      authToken: this.settings.authToken,
      webSocketUrl: this.settings.webSocketUrl,
      signal: this.hangup.signal,
      onEvent: (event) => this.event(event),
      onInput: (prompt) =>
        new Promise((resolve) => {
          this.answer = resolve;
          this.send({ type: "prompt", prompt });
        }),
    });
    this.answer = undefined;
    this.trace.end(result.end, result.error?.code);
    this.sendMap();
  }

  private event(event: LiveEvent): void {
    if (event.type === "request") this.trace.request(event.request);
    if (event.type === "response") this.trace.response(event.status);
    this.send(annotated(event, this.settings.lint));
    if (event.type === "request") this.sendMap();
  }

  private sendMap(): void {
    this.send({ type: "map", mermaid: this.map.toMermaid(), svg: this.map.toSvg() });
  }

  /** The caller's answer to the prompt waiting; false when nothing waits. */
  input(input: CallerInput | undefined): boolean {
    const answer = this.answer;
    if (answer === undefined) return false;
    this.answer = undefined;
    answer(input);
    return true;
  }

  end(): void {
    this.hangup.abort();
    this.input({ hangup: true });
  }
}

/** A response event with its TwiML indented for reading and the linter's problems, when the body is XML. */
function annotated<E extends PhoneEvent>(event: E, lint: Lint | undefined): E | (E & { pretty: string; problems: readonly LintProblem[] }) {
  if (event.type !== "response" || !event.body.trimStart().startsWith("<")) return event;
  // The declaration is kept apart: `indent` reads elements only.
  const declaration = /^\s*<\?xml[^?]*\?>\s*/.exec(event.body)?.[0] ?? "";
  let pretty: string;
  try {
    const body = indent(event.body.slice(declaration.length), "  ");
    pretty = declaration === "" ? body : `${declaration.trim()}\n${body}`;
  } catch {
    // Not well-formed: the simulator reports it (12100), and the body is shown as it came.
    pretty = event.body;
  }
  return { ...event, pretty, problems: lint?.(event.body) ?? [] };
}

export interface MessageSettings extends CallSettings {
  readonly body: string;
  readonly media: readonly string[];
}

/**
 * Delivers one message and returns every event of it, in order. The conversation carries the app's cookies
 * from message to message of the same numbers, as Twilio does.
 */
export async function deliverMessage(settings: MessageSettings, map: FlowMap, conversation: Conversation): Promise<PhoneEvent[]> {
  const events: PhoneEvent[] = [];
  const trace = map.trace("message");
  const result = await simulateMessage({
    url: settings.url,
    from: settings.from,
    to: settings.to,
    body: settings.body,
    media: settings.media,
    authToken: settings.authToken,
    conversation,
    onEvent: (event: MessageLiveEvent) => {
      if (event.type === "request") trace.request(event.request);
      if (event.type === "response") trace.response(event.status);
      events.push(annotated(event, settings.lint));
    },
  });
  if (result.end === "error") trace.end("error", result.error?.code);
  events.push({ type: "map", mermaid: map.toMermaid(), svg: map.toSvg() });
  return events;
}
