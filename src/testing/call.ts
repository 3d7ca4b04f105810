// The voice simulator's engine: runs a call from document to document as Twilio executes TwiML, asks the
// caller's script (or an interactive caller) wherever the call waits for them, and reports what happens. What
// each verb does is in `verbs.ts`, one handler per verb.
import { Dequeued, HUNG_UP, NEXT, type Document, type Outcome, type Place } from "./flow.js";
import { CallerHungUp, isHangupAfter, kindList, kindName, kindOf, ScriptError, shownInput } from "./input.js";
import { resolveUrl, invalidUrl, Session, sid, type SimulatorError } from "./request.js";
import { spokenText, textOf } from "./speech.js";
import type { CallEnd, CallEvent, CallerInput, CallResult, InputKind, LiveEvent, SimulateCallOptions } from "./types.js";
import { VERBS, WAIT_VERBS } from "./verbs.js";
import type { XmlElement } from "../xml/parse.js";

/** Verbs that do not answer the call: Twilio keeps it ringing through them (https://www.twilio.com/docs/voice/api/sip-twiml). */
const UNANSWERED: ReadonlySet<string> = new Set(["Redirect", "Reject", "Pause"]);
const ABORTED = Symbol("aborted");

/**
 * Runs an inbound call: requests the first document, executes its verbs as Twilio does, follows actions,
 * `<Redirect>`s and queues, and takes the caller's part from `input` in order, then from `onInput`. Always
 * resolves: HTTP failures end the call with Twilio's error code, a script that does not fit with code 0.
 *
 * @example
 * const result = await simulateCall({ app: webhook(menu), from: "+15550001111", to: "+15550002222", input: ["1"] });
 * result.heard //=> ["Press 1 for sales.", "Connecting you to sales."]
 */
export async function simulateCall(options: SimulateCallOptions): Promise<CallResult> {
  const call = new Call(options);
  let result: CallResult;
  try {
    result = await call.run();
  } catch (error) {
    result = call.result("error", { code: 0, message: `the simulation failed: ${error instanceof Error ? error.message : String(error)}` });
  }
  try {
    options.onEvent?.({ type: "end", result });
  } catch {
    // The result is returned all the same: a listener's failure cannot change how the call ended.
  }
  return result;
}

/** One simulated call: its identity, state, script position and record of what happened. */
export class Call {
  readonly session: Session;
  readonly heard: string[] = [];
  readonly events: CallEvent[] = [];
  readonly callSid: string;
  readonly accountSid: string;
  /** Counters that make each SID of the call distinct and repeatable. */
  readonly counters = { dials: 0, recordings: 0, messages: 0, payments: 0 };
  /** Set by the first verb that answers the call. */
  answered = false;
  /** Set once the caller has hung up: later requests carry `CallStatus=completed`. */
  hungUp = false;
  /** How many queue waits the call is in (a wait document's verbs may take a queue outcome). */
  queued = 0;
  private position = 0;
  private documents = 0;

  /** How many of the script's inputs have been used. */
  get consumed(): number {
    return this.position;
  }

  constructor(readonly options: SimulateCallOptions) {
    const start = options.url ?? "http://localhost/";
    this.callSid = sid("CA", `call:${options.from}:${options.to}:${start}`);
    this.accountSid = sid("AC", `account:${options.authToken ?? ""}`);
    const onEvent = options.onEvent;
    this.session = new Session({
      app: options.app,
      authToken: options.authToken,
      timeout: options.timeout,
      seed: this.callSid,
      onEvent: onEvent === undefined ? undefined : (event) => onEvent(event),
    });
  }

  async run(): Promise<CallResult> {
    const { options } = this;
    const start = options.url ?? "http://localhost/";
    if (resolveUrl(start, start) === null) return this.result("error", invalidUrl(start, start));
    let outcome: Outcome = { kind: "goto", method: options.method ?? "POST", url: start, params: {} };
    try {
      this.checkSignal();
      while (outcome.kind === "goto") {
        const document = await this.load(outcome);
        if (!("root" in document)) {
          outcome = document;
          break;
        }
        outcome = await this.execute(document, { url: document.url, queue: false });
      }
    } catch (error) {
      if (error instanceof CallerHungUp) outcome = HUNG_UP;
      else if (error instanceof ScriptError) outcome = { kind: "error", error: { code: 0, message: error.message } };
      else throw error;
    }
    if (outcome.kind === "error") return this.result("error", outcome.error);
    const end = outcome.kind === "end" ? outcome.end : "completed";
    const left = (options.input?.length ?? 0) - this.position;
    if (left > 0 && options.allowUnusedInput !== true) {
      const next = options.input![this.position]!;
      return this.result("error", {
        code: 0,
        message:
          `the call ended (${end}) with ${left} of the script's inputs unused, from input ${this.position + 1} ` +
          `(${shownInput(next)}): the flow went where the script did not expect (allowUnusedInput permits it)`,
      });
    }
    return this.result(end);
  }

  result(end: CallEnd, error?: SimulatorError): CallResult {
    const base = { heard: this.heard, requests: this.session.requests, events: this.events, end };
    return error === undefined ? base : { ...base, error };
  }

  /** Twilio's parameters for every request of the call, location parameters empty as for an unknown number. */
  callParams(): Record<string, string> {
    const { from, to, applicationSid } = this.options;
    const status = this.hungUp ? "completed" : this.answered ? "in-progress" : "ringing";
    return {
      AccountSid: this.accountSid,
      ApiVersion: "2010-04-01",
      ...(applicationSid !== undefined && { ApplicationSid: applicationSid }),
      CallSid: this.callSid,
      CallStatus: status,
      Called: to,
      CalledCity: "",
      CalledCountry: "",
      CalledState: "",
      CalledZip: "",
      Caller: from,
      CallerCity: "",
      CallerCountry: "",
      CallerState: "",
      CallerZip: "",
      Direction: "inbound",
      From: from,
      FromCity: "",
      FromCountry: "",
      FromState: "",
      FromZip: "",
      To: to,
      ToCity: "",
      ToCountry: "",
      ToState: "",
      ToZip: "",
      ...this.options.params,
    };
  }

  /** Requests a document; a spoken (`text/plain`) or audio reply becomes a `<Say>` or `<Play>` followed by the hangup. */
  async load(step: Extract<Outcome, { kind: "goto" }>): Promise<Document | Outcome> {
    const maxSteps = this.options.maxSteps ?? 50;
    if (this.documents === maxSteps) {
      return {
        kind: "error",
        error: {
          code: 0,
          message: `the call requested ${maxSteps} documents without ending (maxSteps): is there a <Redirect> or action loop?`,
        },
      };
    }
    this.documents++;
    const reply = await this.session.fetch(step.method, step.url, { ...this.callParams(), ...step.params });
    switch (reply.kind) {
      case "error":
        return { kind: "error", error: reply.error };
      case "twiml":
        return reply;
      case "text":
        return { url: reply.url, root: element("Response", [element("Say", [reply.text])]) };
      case "audio":
        return { url: reply.url, root: element("Response", [element("Play", [reply.url])]) };
    }
  }

  /** Requests `step` without running its TwiML: what Twilio does for the actions it calls after a hangup. */
  async afterHangup(step: Outcome | null): Promise<Outcome> {
    this.hungUp = true;
    if (step === null) return HUNG_UP;
    if (step.kind !== "goto") return step;
    const reply = await this.session.fetch(step.method, step.url, { ...this.callParams(), ...step.params });
    return reply.kind === "error" ? { kind: "error", error: reply.error } : HUNG_UP;
  }

  /** Runs the verbs of a document top to bottom until one transfers control or the document runs out. */
  async execute(document: Document, place: Place): Promise<Outcome> {
    for (const verb of document.root.children) {
      if (typeof verb === "string") continue;
      this.checkSignal();
      const event = eventOf(verb);
      this.events.push(event);
      this.emit({ type: "verb", event });
      if (place.queue && !WAIT_VERBS.has(verb.name)) {
        return {
          kind: "error",
          error: {
            code: 0,
            message: `<${verb.name}> cannot run in a queue's wait document (${place.url}): Twilio allows only ${[...WAIT_VERBS].join(", ")} there`,
          },
        };
      }
      if (!UNANSWERED.has(verb.name)) this.answered = true;
      const handler = VERBS[verb.name];
      const outcome = handler === undefined ? NEXT : await handler(this, verb, place);
      if (outcome.kind !== "next") return outcome;
    }
    return { kind: "end", end: "completed" };
  }

  emit(event: LiveEvent): void {
    this.options.onEvent?.(event);
  }

  /** The caller hears `text` from `verb`; a script that hangs up after hearing it does so now. */
  hear(text: string, verb: XmlElement): void {
    this.heard.push(text);
    this.emit({ type: "heard", text, verb: verb.name, attributes: { ...verb.attributes } });
    const next = this.options.input?.[this.position];
    if (isHangupAfter(next) && text.includes(next.after)) {
      this.position++;
      throw new CallerHungUp();
    }
  }

  /** The kind of the script's next input, or undefined when the script has run out. */
  peek(): InputKind | undefined {
    const next = this.options.input?.[this.position];
    return next === undefined ? undefined : kindOf(next, `the script's input ${this.position + 1}`);
  }

  /**
   * The caller's answer where `verb` waits for them: the script's next input, then the interactive caller's,
   * undefined for the verb's default outcome. `accepts` are the kinds valid here, `tolerated` kinds a script
   * may also give (they do nothing here, as words said at a keys-only `<Gather>`). A hangup by `signal` is
   * `{ hangup: true }`.
   */
  async wait(verb: XmlElement, accepts: readonly InputKind[], tolerated: readonly InputKind[] = []): Promise<CallerInput | undefined> {
    if (this.aborted()) return { hangup: true };
    const valid = this.queued > 0 && !accepts.includes("queue") ? [...accepts, "queue" as const] : accepts;
    const next = this.options.input?.[this.position];
    if (next !== undefined) {
      const number = this.position + 1;
      if (isHangupAfter(next)) {
        throw new ScriptError(
          `the script's input ${number} hangs up after hearing "${next.after}", but <${verb.name}> waits for the caller before that was heard`,
        );
      }
      this.check(next, verb, valid, tolerated, `the script's input ${number}`);
      this.position++;
      return this.leaveQueue(next);
    }
    const onInput = this.options.onInput;
    if (onInput === undefined) return undefined;
    const prompt = { verb: verb.name, attributes: { ...verb.attributes }, heard: [...this.heard], accepts: valid };
    const answer = await untilAborted(onInput(prompt), this.options.signal);
    // A hangup while the answer was being given wins over the answer.
    if (answer === ABORTED || this.aborted()) return { hangup: true };
    if (answer === undefined) return undefined;
    this.check(answer, verb, valid, [], "the interactive caller's answer");
    return this.leaveQueue(answer);
  }

  private check(input: CallerInput, verb: XmlElement, valid: readonly InputKind[], tolerated: readonly InputKind[], who: string): void {
    const kind = kindOf(input, who);
    if (valid.includes(kind) || tolerated.includes(kind)) return;
    throw new ScriptError(`${who} (${shownInput(input)}) is ${kindName(kind)}, but <${verb.name}> waits here for ${kindList(valid)}`);
  }

  private leaveQueue(input: CallerInput): CallerInput {
    if (this.queued > 0 && typeof input === "object" && "queue" in input) throw new Dequeued(input);
    return input;
  }

  /** Whether the caller has hung up through `signal`. */
  aborted(): boolean {
    return this.options.signal?.aborted === true;
  }

  /** A caller who hung up through `signal` is gone before the next verb runs. */
  checkSignal(): void {
    if (this.aborted()) throw new CallerHungUp();
  }
}

/** `promise`, or ABORTED as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (signal === undefined) return promise;
  return new Promise((resolve, reject) => {
    const abort = (): void => resolve(ABORTED);
    signal.addEventListener("abort", abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

function element(name: string, children: readonly (XmlElement | string)[]): XmlElement {
  return { name, attributes: {}, children };
}

/**
 * A verb as an event, with its nouns as children. Iterative, not recursive: a document may nest thousands of
 * elements within the 64 kB Twilio accepts.
 */
export function eventOf(root: XmlElement): CallEvent {
  type Built = { verb: string; attributes: Record<string, string>; text?: string; children?: CallEvent[] };
  const build = (node: XmlElement): Built => {
    const text = node.name === "Say" ? spokenText(node) : textOf(node);
    return { verb: node.name, attributes: { ...node.attributes }, ...(text !== "" && { text }) };
  };
  const top = build(root);
  const pending: [XmlElement, Built][] = [[root, top]];
  while (pending.length > 0) {
    const [node, built] = pending.pop()!;
    // A `<Say>`'s children are SSML, which its text already renders.
    if (node.name === "Say") continue;
    for (const child of node.children) {
      if (typeof child === "string") continue;
      const event = build(child);
      (built.children ??= []).push(event);
      pending.push([child, event]);
    }
  }
  return top;
}
