// The voice simulator: runs a call from document to document as Twilio executes TwiML, with a scripted caller.
import { invalidUrl, resolveUrl, Session, sid, type SimulatorError } from "./request.js";
import { spokenText, textOf } from "./speech.js";
import type { CallEvent, CallerInput, CallResult, SimulateCallOptions } from "./types.js";
import type { XmlElement } from "../xml/parse.js";

/** How many times `loop="0"` ("until the call moves on") repeats a `<Say>` or `<Play>` here. */
export const ENDLESS_LOOP = 10;
/** Seconds a completed `<Dial>` lasts when the script does not say. */
const DIAL_DURATION = 30;
/** Seconds a `<Record>` lasts when the script does not say. */
const RECORD_DURATION = 5;
const DTMF = /^[0-9*#]*$/;

type End = "hangup" | "reject" | "completed";

/** What a verb does to the flow: request another document, or end the call. */
type Step =
  | {
      readonly kind: "request";
      readonly method: "GET" | "POST";
      readonly url: string;
      readonly params: Readonly<Record<string, string>>;
      /** The caller has hung up: the request is made, but its TwiML does not run. */
      readonly thenEnd?: End;
    }
  | { readonly kind: "end"; readonly end: End }
  | { readonly kind: "error"; readonly error: SimulatorError };

/**
 * Runs an inbound call: requests the first document, executes its verbs as Twilio does, follows `<Gather>`,
 * `<Dial>` and `<Record>` actions and `<Redirect>`s, and takes the caller's part from `input` in order.
 *
 * Simplifications: the caller hears every prompt in full (no barge-in); `loop="0"` repeats 10 times; `<Enqueue>`,
 * `<Leave>`, `<Pay>`, `<Connect>`, `<Start>`, `<Stop>`, `<Sms>`, `<Refer>`, `<Echo>` and unknown verbs are
 * recorded as events and the call goes on to the next verb without requesting their URLs. After `maxSteps`
 * documents the call ends with an error whose code is 0 (Twilio has no code for it).
 *
 * @example
 * const result = await simulateCall({ app: webhook(menu), from: "+15550001111", to: "+15550002222", input: ["1"] });
 * result.heard //=> ["Press 1 for sales.", "Connecting you to sales."]
 */
export async function simulateCall(options: SimulateCallOptions): Promise<CallResult> {
  return new Call(options).run();
}

class Call {
  private readonly session: Session;
  private readonly heard: string[] = [];
  private readonly events: CallEvent[] = [];
  private readonly callSid: string;
  private readonly accountSid: string;
  private position = 0;
  private dials = 0;
  private recordings = 0;

  constructor(private readonly options: SimulateCallOptions) {
    this.session = new Session(options.app, options.authToken);
    this.callSid = sid("CA", `call:${options.from}:${options.to}:${this.startUrl}`);
    this.accountSid = sid("AC", `account:${options.authToken ?? ""}`);
  }

  private get startUrl(): string {
    return this.options.url ?? "http://localhost/";
  }

  async run(): Promise<CallResult> {
    const maxSteps = this.options.maxSteps ?? 50;
    let step: Step = { kind: "request", method: this.options.method ?? "POST", url: this.startUrl, params: {} };
    for (let documents = 0; step.kind === "request"; documents++) {
      if (documents === maxSteps) {
        return this.result("error", {
          code: 0,
          message: `the call requested ${maxSteps} documents without ending (maxSteps): is there a <Redirect> or action loop?`,
        });
      }
      const reply = await this.session.fetch(step.method, step.url, {
        ...this.callParams(documents === 0 ? "ringing" : "in-progress"),
        ...step.params,
      });
      if (reply.kind === "error") return this.result("error", reply.error);
      if (step.thenEnd !== undefined) return this.result(step.thenEnd);
      if (reply.kind === "text") {
        // A text/plain reply is spoken, then Twilio hangs up.
        const text = reply.text.replace(/\s+/g, " ").trim();
        if (text !== "") this.heard.push(text);
        return this.result("completed");
      }
      if (reply.kind === "audio") {
        this.heard.push(`[play ${reply.url}]`);
        return this.result("completed");
      }
      step = await this.execute(reply.root, reply.url);
    }
    return step.kind === "error" ? this.result("error", step.error) : this.result(step.end);
  }

  private result(end: CallResult["end"], error?: SimulatorError): CallResult {
    const base = { heard: this.heard, requests: this.session.requests, events: this.events, end };
    return error === undefined ? base : { ...base, error };
  }

  private callParams(status: "ringing" | "in-progress"): Record<string, string> {
    const { from, to } = this.options;
    return {
      AccountSid: this.accountSid,
      ApiVersion: "2010-04-01",
      CallSid: this.callSid,
      CallStatus: status,
      Called: to,
      Caller: from,
      Direction: "inbound",
      From: from,
      To: to,
      ...this.options.params,
    };
  }

  /** Runs the verbs of a `<Response>` top to bottom until one transfers control or the document runs out. */
  private async execute(root: XmlElement, url: string): Promise<Step> {
    for (const verb of root.children) {
      if (typeof verb === "string") continue;
      const step = await this.verb(verb, url);
      if (step !== undefined) return step;
    }
    return { kind: "end", end: "completed" };
  }

  private async verb(verb: XmlElement, url: string): Promise<Step | undefined> {
    this.events.push(eventOf(verb));
    switch (verb.name) {
      case "Say":
      case "Play":
        this.listen(verb);
        return undefined;
      case "Gather":
        return this.gather(verb, url);
      case "Dial":
        return this.dial(verb, url);
      case "Record":
        return this.record(verb, url);
      case "Redirect":
        return request(verb.attributes.method, textOf(verb), url, {});
      case "Hangup":
        return { kind: "end", end: "hangup" };
      case "Reject":
        return { kind: "end", end: "reject" };
      default:
        return undefined;
    }
  }

  /** What the caller hears from a `<Say>` or `<Play>`, `loop` times. */
  private listen(verb: XmlElement): void {
    const sound =
      verb.name === "Say"
        ? spokenText(verb)
        : verb.attributes.digits !== undefined
          ? `[play digits ${verb.attributes.digits}]`
          : `[play ${textOf(verb)}]`;
    if (sound === "") return;
    const loop = verb.attributes.loop;
    const times = loop === undefined || !/^\d+$/.test(loop) ? 1 : Number(loop) === 0 ? ENDLESS_LOOP : Number(loop);
    for (let i = 0; i < times; i++) this.heard.push(sound);
  }

  /** The next scripted input if `accepts` it, consumed; otherwise it stays for a later verb. */
  private take<T extends CallerInput>(accepts: (input: CallerInput) => input is T): T | undefined {
    const input = this.options.input?.[this.position];
    if (input === undefined || !accepts(input)) return undefined;
    this.position++;
    return input;
  }

  private async gather(gather: XmlElement, url: string): Promise<Step | undefined> {
    for (const nested of gather.children) {
      if (typeof nested !== "string" && (nested.name === "Say" || nested.name === "Play")) this.listen(nested);
    }
    const { attributes } = gather;
    const kinds = (attributes.input ?? "dtmf").split(/\s+/);
    let input = this.take(isGatherInput);
    // Past the end of the script, an interactive caller may answer.
    if (input === undefined && this.options.input?.[this.position] === undefined && this.options.onInput !== undefined) {
      const answer = await this.options.onInput({ verb: "Gather", attributes, heard: [...this.heard] });
      if (answer !== undefined && isGatherInput(answer)) input = answer;
    }
    let params: Record<string, string> | undefined;
    let finishedOnKey = "";
    if (typeof input === "string" && kinds.includes("dtmf")) {
      const collected = collect(input, attributes.numDigits, attributes.finishOnKey ?? "#");
      finishedOnKey = collected.finishedOnKey;
      if (collected.digits !== "") params = { Digits: collected.digits, FinishedOnKey: finishedOnKey };
    } else if (typeof input === "object" && "speech" in input && kinds.includes("speech") && input.speech.trim() !== "") {
      params = { SpeechResult: input.speech, Confidence: String(input.confidence ?? 0.9) };
    }
    if (params === undefined && attributes.actionOnEmptyResult === "true") {
      params = { Digits: "", FinishedOnKey: finishedOnKey };
    }
    if (params === undefined) return undefined;
    return request(attributes.method, attributes.action ?? "", url, params);
  }

  private dial(dial: XmlElement, url: string): Step | undefined {
    const outcome = this.take(isDialInput);
    const status = outcome?.dial ?? "completed";
    const duration = outcome?.duration ?? (status === "completed" ? DIAL_DURATION : 0);
    const dialCallSid = sid("CA", `dial:${this.callSid}:${this.dials++}`);
    if (dial.attributes.action === undefined) return undefined;
    return request(dial.attributes.method, dial.attributes.action, url, {
      DialCallDuration: String(duration),
      DialCallSid: dialCallSid,
      DialCallStatus: status,
    });
  }

  private record(record: XmlElement, url: string): Step | undefined {
    const script = this.take(isRecordInput)?.record ?? { duration: RECORD_DURATION };
    const maxLength = Number(record.attributes.maxLength ?? "3600");
    const duration = Number.isFinite(maxLength) && maxLength > 0 ? Math.min(script.duration, maxLength) : script.duration;
    // An empty recording skips the action: Twilio goes on to the next verb.
    if (duration <= 0) return undefined;
    const recordingSid = sid("RE", `recording:${this.callSid}:${this.recordings++}`);
    const step = request(record.attributes.method, record.attributes.action ?? "", url, {
      Digits: script.digits ?? "hangup",
      RecordingDuration: String(duration),
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${this.accountSid}/Recordings/${recordingSid}`,
    });
    // Without a finishing key the caller hung up: Twilio still requests the action but runs none of its TwiML.
    return step.kind === "request" && script.digits === undefined ? { ...step, thenEnd: "hangup" } : step;
  }
}

function request(
  method: string | undefined,
  reference: string,
  base: string,
  params: Readonly<Record<string, string>>,
): Step {
  const url = resolveUrl(reference, base);
  if (url === null) return { kind: "error", error: invalidUrl(reference, base) };
  return { kind: "request", method: method?.toUpperCase() === "GET" ? "GET" : "POST", url, params };
}

/** Keys pressed until `numDigits` keys, the finishing key, or the end of the script's string (a timeout). */
function collect(keys: string, numDigits: string | undefined, finishOnKey: string): { digits: string; finishedOnKey: string } {
  if (!DTMF.test(keys)) throw new TypeError(`caller input "${keys}": keys are 0-9, * and #`);
  const limit = numDigits !== undefined && /^\d+$/.test(numDigits) && Number(numDigits) > 0 ? Number(numDigits) : Infinity;
  let digits = "";
  for (const key of keys) {
    if (finishOnKey !== "" && key === finishOnKey) return { digits, finishedOnKey: key };
    digits += key;
    if (digits.length >= limit) break;
  }
  return { digits, finishedOnKey: "" };
}

function isGatherInput(input: CallerInput): input is string | { readonly speech: string; readonly confidence?: number } | { readonly silence: true } {
  return typeof input === "string" || "speech" in input || "silence" in input;
}

function isDialInput(input: CallerInput): input is Extract<CallerInput, { dial: unknown }> {
  return typeof input === "object" && "dial" in input;
}

function isRecordInput(input: CallerInput): input is Extract<CallerInput, { record: unknown }> {
  return typeof input === "object" && "record" in input;
}

function eventOf(element: XmlElement): CallEvent {
  const text = element.name === "Say" ? spokenText(element) : textOf(element);
  // A `<Say>`'s children are SSML, which its text already renders.
  const children =
    element.name === "Say"
      ? []
      : element.children.filter((child): child is XmlElement => typeof child !== "string").map(eventOf);
  return {
    verb: element.name,
    attributes: { ...element.attributes },
    ...(text !== "" && { text }),
    ...(children.length > 0 && { children }),
  };
}
