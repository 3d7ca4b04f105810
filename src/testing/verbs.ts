// What each voice verb does, one handler per verb: what the caller hears, where the call waits for them, which
// request Twilio makes with which parameters, and where the flow goes next. A verb missing from the table is
// recorded as an event and the call goes on (`<Start>`, `<Stop>`, `<Echo>`…). A `<Connect>` holding a
// `<ConversationRelay>` is a conversation with the agent, run by `relay.ts`.
import type { Call } from "./call.js";
import { Dequeued, HUNG_UP, NEXT, type Outcome, type Place } from "./flow.js";
import { CallerHungUp, ScriptError } from "./input.js";
import { converse, relayOf } from "./relay.js";
import { invalidUrl, resolveUrl, sid } from "./request.js";
import { spokenText, textOf } from "./speech.js";
import type { CallerInput, DialStatus, InputKind, PartialSpeech, PayResult, QueueResult } from "./types.js";
import type { XmlElement } from "../xml/parse.js";

export type VerbHandler = (call: Call, verb: XmlElement, place: Place) => Outcome | Promise<Outcome>;

/** Seconds a bridged `<Dial>` lasts when the script does not say. */
const DIAL_DURATION = 30;
/** Seconds a `<Record>` lasts when the script does not say. */
const RECORD_DURATION = 5;
/** `<Play loop="0">` stops after this many plays (https://www.twilio.com/docs/voice/twiml/play). */
const PLAY_FOREVER = 1000;
/** The default `finishOnKey` of `<Record>`: any key ends it (https://www.twilio.com/docs/voice/twiml/record). */
const RECORD_KEYS = "1234567890*#";
/** The default size limit of a queue (https://www.twilio.com/docs/voice/twiml/enqueue). */
const MAX_QUEUE_SIZE = "1000";
const DTMF = /^[0-9*#]*$/;

/** The verbs a queue's wait document may hold (https://www.twilio.com/docs/voice/twiml/enqueue). */
export const WAIT_VERBS: ReadonlySet<string> = new Set(["Play", "Say", "Pause", "Gather", "Redirect", "Leave", "Hangup"]);

/** A request for `reference` resolved against the document's URL, with the verb's `method` (POST by default). */
function request(method: string | undefined, reference: string, base: string, params: Readonly<Record<string, string>>): Outcome {
  const url = resolveUrl(reference, base);
  if (url === null) return { kind: "error", error: invalidUrl(reference, base) };
  return { kind: "goto", method: method?.toUpperCase() === "GET" ? "GET" : "POST", url, params };
}

/** The verb's `action`, requested with `params`; without an `action`, the next verb. */
function action(verb: XmlElement, place: Place, params: Readonly<Record<string, string>>): Outcome {
  const { action: url, method } = verb.attributes;
  return url === undefined ? NEXT : request(method, url, place.url, params);
}

/** After a hangup Twilio still requests the verb's action, but the call is over: its TwiML does not run. */
function actionAfterHangup(call: Call, verb: XmlElement, place: Place, params: Readonly<Record<string, string>>): Promise<Outcome> {
  return call.afterHangup(verb.attributes.action === undefined ? null : action(verb, place, params));
}

function isHangup(input: CallerInput | undefined): boolean {
  return typeof input === "object" && "hangup" in input;
}

/** A whole number ≥ `min` from an attribute, or `fallback`. */
function whole(value: string | undefined, fallback: number, min = 1): number {
  return value !== undefined && /^\d+$/.test(value) && Number(value) >= min ? Number(value) : fallback;
}

/** The sound of a `<Say>` or `<Play>` as the caller hears it. */
function soundOf(verb: XmlElement): string {
  if (verb.name === "Say") return spokenText(verb);
  return verb.attributes.digits !== undefined ? `[play digits ${verb.attributes.digits}]` : `[play ${textOf(verb)}]`;
}

/**
 * Plays a `<Say>` or `<Play>` `loop` times; returns true for `loop="0"` after the first time, the caller then
 * hearing it again and again (https://www.twilio.com/docs/voice/twiml/say, https://www.twilio.com/docs/voice/twiml/play).
 */
function listen(call: Call, verb: XmlElement): boolean {
  const sound = soundOf(verb);
  const loop = whole(verb.attributes.loop, 1, 0);
  if (sound === "") return false;
  for (let i = 0; i < Math.max(loop, 1); i++) call.hear(sound, verb);
  return loop === 0;
}

/** Plays the rest of a `<Play loop="0">`: Twilio stops it after 1,000 plays. */
function playOn(call: Call, verb: XmlElement): void {
  const sound = soundOf(verb);
  for (let i = 1; i < PLAY_FOREVER; i++) call.hear(sound, verb);
}

function neverEnds(verb: XmlElement, why: string): Outcome {
  return {
    kind: "error",
    error: { code: 0, message: `the call never ends: ${why}; the script must hang up there ({ hangup: true }) for <${verb.name}> to end` },
  };
}

const say: VerbHandler = async (call, verb) => {
  if (!listen(call, verb)) return NEXT;
  const answer = await call.wait(verb, ["hangup"]);
  return answer === undefined ? neverEnds(verb, `<Say loop="0"> repeats until the caller hangs up`) : HUNG_UP;
};

const play: VerbHandler = async (call, verb) => {
  if (!listen(call, verb)) return NEXT;
  // It ends by itself after 1,000 plays, so a script whose next input is for a later verb lets it run out; the
  // caller's hangup, or leaving the queue whose hold music it is, stops it.
  const next = call.peek();
  const stops = next === undefined || next === "hangup" || (next === "queue" && call.queued > 0);
  const answer = stops ? await call.wait(verb, ["hangup"]) : undefined;
  if (answer !== undefined) return HUNG_UP;
  playOn(call, verb);
  return NEXT;
};

/** Keys pressed until `numDigits` keys, the finishing key, or the end of the script's string (a timeout). */
function collect(keys: string, numDigits: string | undefined, finishOnKey: string): { digits: string; finishedOnKey: string } {
  if (!DTMF.test(keys)) throw new ScriptError(`caller input "${keys}": keys are 0-9, * and #`);
  const limit = whole(numDigits, Infinity);
  let digits = "";
  for (const key of keys) {
    if (finishOnKey !== "" && key === finishOnKey) return { digits, finishedOnKey: key };
    digits += key;
    if (digits.length >= limit) break;
  }
  return { digits, finishedOnKey: "" };
}

/** One partial result per word by default: the words before it are stable, the newest one is not. */
function partials(speech: string, given: readonly PartialSpeech[] | undefined): readonly PartialSpeech[] {
  if (given !== undefined) return given;
  const words = speech.trim().split(/\s+/);
  return words.map((word, index) => ({ stable: words.slice(0, index).join(" "), unstable: word }));
}

/**
 * `<Gather>`: nested prompts, then the caller's keys or words posted to `action` (default: this document), or
 * silence falling through to the next verb (https://www.twilio.com/docs/voice/twiml/gather).
 */
const gather: VerbHandler = async (call, verb, place) => {
  let forever = false;
  for (const nested of verb.children) {
    if (typeof nested === "string" || (nested.name !== "Say" && nested.name !== "Play")) continue;
    // A nested `<Play loop="0">` stops after 1,000 plays and the Gather then times out; a `<Say loop="0">` never stops.
    if (listen(call, nested)) {
      if (nested.name === "Say") forever = true;
      else playOn(call, nested);
    }
  }
  const { attributes } = verb;
  const modes = (attributes.input ?? "dtmf").split(/\s+/);
  const accepts: InputKind[] = [];
  if (modes.includes("dtmf")) accepts.push("keys");
  if (modes.includes("speech")) accepts.push("speech");
  if (!forever) accepts.push("silence");
  accepts.push("hangup");
  // Keys at a speech-only Gather, or words at a keys-only one, are not heard: the Gather times out.
  const answer = await call.wait(verb, accepts, ["keys", "speech"]);
  if (isHangup(answer)) return HUNG_UP;
  let params: Record<string, string> | undefined;
  let finishedOnKey = "";
  if (typeof answer === "string" && accepts.includes("keys")) {
    const collected = collect(answer, attributes.numDigits, attributes.finishOnKey ?? "#");
    finishedOnKey = collected.finishedOnKey;
    if (collected.digits !== "") params = { Digits: collected.digits, FinishedOnKey: finishedOnKey };
  } else if (typeof answer === "object" && "speech" in answer && accepts.includes("speech") && answer.speech.trim() !== "") {
    await partialResults(call, verb, place, partials(answer.speech, answer.partial));
    params = { SpeechResult: answer.speech, Confidence: String(answer.confidence ?? 0.9) };
  }
  if (params === undefined && forever) return neverEnds(verb, `its <Say loop="0"> repeats until the caller answers, so it never times out`);
  if (params === undefined && attributes.actionOnEmptyResult === "true") params = { Digits: "", FinishedOnKey: finishedOnKey };
  if (params === undefined) return NEXT;
  return request(attributes.method, attributes.action ?? "", place.url, params);
};

/**
 * `partialResultCallback` receives each partial result while the caller speaks; Twilio ignores its answers
 * (https://www.twilio.com/docs/voice/twiml/gather#partialresultcallback).
 */
async function partialResults(call: Call, verb: XmlElement, place: Place, results: readonly PartialSpeech[]): Promise<void> {
  const { partialResultCallback: callback, partialResultCallbackMethod: method } = verb.attributes;
  if (callback === undefined) return;
  const target = request(method, callback, place.url, {});
  if (target.kind !== "goto") return;
  for (const [index, result] of results.entries()) {
    await call.session.fetch(target.method, target.url, {
      ...call.callParams(),
      SequenceNumber: String(index + 1),
      StableSpeechResult: result.stable,
      UnstableSpeechResult: result.unstable,
    });
  }
}

/**
 * `<Dial>`: the outcome posted to `action` (whose TwiML runs) or, without one, the next verb. After a
 * `<Conference>` Twilio sends no `DialCallSid` or `DialCallDuration` (https://www.twilio.com/docs/voice/twiml/dial).
 */
const dial: VerbHandler = async (call, verb, place) => {
  const { attributes } = verb;
  const started = Date.now();
  const answer = await call.wait(verb, ["dial", "hangup"]);
  const hangup = isHangup(answer);
  const scripted = typeof answer === "object" && "dial" in answer ? answer : undefined;
  const status: DialStatus = scripted?.dial ?? "completed";
  const bridged = status === "completed" || status === "answered";
  // A caller hanging up live (`signal`) ends the bridged call after the time it lasted.
  const live = hangup && call.aborted() ? Math.ceil((Date.now() - started) / 1000) : undefined;
  const duration = scripted?.duration ?? live ?? (bridged ? DIAL_DURATION : 0);
  if (scripted?.star === true && attributes.hangupOnStar !== "true") {
    throw new ScriptError(`the script presses * to leave <Dial>, but * does nothing there without hangupOnStar="true"`);
  }
  const index = call.counters.dials++;
  const conference = verb.children.some((child) => typeof child !== "string" && child.name === "Conference");
  const params: Record<string, string> = { DialBridged: String(bridged), DialCallStatus: status };
  if (!conference) {
    params.DialCallDuration = String(duration);
    params.DialCallSid = sid("CA", `dial:${call.callSid}:${index}`);
  }
  const record = attributes.record;
  if (bridged && record !== undefined && record !== "do-not-record" && record !== "false") {
    const recordingSid = sid("RE", `dial-recording:${call.callSid}:${index}`);
    params.RecordingDuration = String(duration);
    params.RecordingSid = recordingSid;
    params.RecordingUrl = recordingUrl(call, recordingSid);
  }
  if (hangup) return actionAfterHangup(call, verb, place, params);
  return action(verb, place, params);
};

function recordingUrl(call: Call, recordingSid: string): string {
  return `https://api.twilio.com/2010-04-01/Accounts/${call.accountSid}/Recordings/${recordingSid}`;
}

/**
 * `<Record>`: ended by silence, `maxLength` or a `finishOnKey` key, the recording is posted to `action`
 * (default: this document) and its TwiML runs; ended by a hangup, the action is requested and its TwiML
 * ignored; an empty recording goes on to the next verb (https://www.twilio.com/docs/voice/twiml/record).
 */
const record: VerbHandler = async (call, verb, place) => {
  const { attributes } = verb;
  const started = Date.now();
  const answer = await call.wait(verb, ["record", "hangup"]);
  const finishOnKey = attributes.finishOnKey ?? RECORD_KEYS;
  const maxLength = whole(attributes.maxLength, 3600);
  let duration = RECORD_DURATION;
  let end = "silence";
  let key: string | undefined;
  let url: string | undefined;
  if (isHangup(answer)) {
    end = "hangup";
    // A caller hanging up live (`signal`) leaves the recording made so far.
    if (call.aborted()) duration = Math.ceil((Date.now() - started) / 1000);
  } else if (typeof answer === "object" && "record" in answer) {
    const script = answer.record;
    url = script.url;
    if (!(Number.isFinite(script.duration) && script.duration >= 0)) {
      throw new ScriptError(`the script's recording lasts ${script.duration} seconds: give a number of seconds ≥ 0`);
    }
    // A key outside finishOnKey does not end the recording.
    key = [...(script.digits ?? "")].find((pressed) => finishOnKey.includes(pressed));
    end = script.end ?? (key !== undefined ? "key" : "silence");
    if (end === "key" && key === undefined) {
      throw new ScriptError(
        `the script ends <Record> with a key, but none of "${script.digits ?? ""}" is in its finishOnKey "${finishOnKey}"`,
      );
    }
    duration = end === "max-length" ? maxLength : script.duration;
  }
  if (duration > maxLength) {
    duration = maxLength;
    if (end !== "hangup") end = "max-length";
  }
  if (duration === 0) {
    if (end === "hangup") throw new CallerHungUp();
    return NEXT;
  }
  const recordingSid = sid("RE", `recording:${call.callSid}:${call.counters.recordings++}`);
  const params: Record<string, string> = {
    RecordingDuration: String(duration),
    RecordingSid: recordingSid,
    RecordingUrl: url ?? recordingUrl(call, recordingSid),
  };
  if (end === "key") params.Digits = key!;
  if (end === "hangup") params.Digits = "hangup";
  const step = request(attributes.method, attributes.action ?? "", place.url, params);
  return end === "hangup" ? call.afterHangup(step) : step;
};

/**
 * `<Enqueue>`: the caller waits while `waitUrl`'s document runs (again each time it ends), until they leave by
 * `<Leave>`, a bridge, a hangup…; then `action` gets `QueueResult`, `QueueSid` and `QueueTime` and its TwiML
 * runs; without `action`, the next verb (https://www.twilio.com/docs/voice/twiml/enqueue).
 */
const enqueue: VerbHandler = async (call, verb, place) => {
  if (place.queue) throw new ScriptError(`<Enqueue> cannot run in a queue's wait document (${place.url})`);
  const queueSid = sid("QU", `queue:${call.accountSid}:${textOf(verb)}`);
  const left = await waitInQueue(call, verb, place, queueSid);
  if ("kind" in left) return left;
  const params = { QueueResult: left.result, QueueSid: queueSid, QueueTime: String(left.time) };
  if (left.result === "hangup") return actionAfterHangup(call, verb, place, params);
  return action(verb, place, params);
};

async function waitInQueue(
  call: Call,
  verb: XmlElement,
  place: Place,
  queueSid: string,
): Promise<{ readonly result: QueueResult; readonly time: number } | Extract<Outcome, { kind: "error" }>> {
  const { waitUrl, waitUrlMethod } = verb.attributes;
  const waitParams = {
    AvgQueueTime: "0",
    CurrentQueueSize: "1",
    MaxQueueSize: MAX_QUEUE_SIZE,
    QueuePosition: "1",
    QueueSid: queueSid,
    QueueTime: "0",
  };
  call.queued++;
  try {
    for (;;) {
      const before = call.consumed;
      if (waitUrl !== undefined) {
        let step = request(waitUrlMethod, waitUrl, place.url, waitParams);
        while (step.kind === "goto") {
          const document = await call.load(step);
          if (!("root" in document)) {
            step = document;
            break;
          }
          step = await call.execute(document, { url: document.url, queue: true });
        }
        if (step.kind === "error") return step;
        if (step.kind === "leave") return { result: "leave", time: 0 };
        if (step.kind === "end" && step.end !== "completed") return { result: "hangup", time: 0 };
      }
      // The wait document starts again while the script still answers its verbs.
      const next = call.peek();
      if (waitUrl !== undefined && next !== undefined && next !== "queue" && next !== "hangup" && call.consumed > before) continue;
      const answer = await call.wait(verb, ["queue", "hangup"]);
      if (answer === undefined) return { result: "bridged", time: 0 };
      // A queue outcome arrives as `Dequeued`, from here or from a verb of the wait document.
      return { result: "hangup", time: 0 };
    }
  } catch (error) {
    if (error instanceof Dequeued) return { result: error.input.queue, time: error.input.time ?? 0 };
    if (error instanceof CallerHungUp) return { result: "hangup", time: 0 };
    throw error;
  } finally {
    call.queued--;
  }
}

/** Default payment fields of a successful `<Pay>` (https://www.twilio.com/docs/voice/twiml/pay). */
function paid(call: Call, verb: XmlElement): Record<string, string> {
  const index = call.counters.payments++;
  const charge = Number(verb.attributes.chargeAmount ?? "0");
  return {
    ExpirationDate: "1230",
    PaymentCardNumber: "xxxxxxxxxxxx1111",
    PaymentCardType: "visa",
    ...(charge > 0
      ? { PaymentConfirmationCode: sid("ch_", `payment:${call.callSid}:${index}`).slice(0, 27) }
      : { PaymentToken: sid("tok_", `payment:${call.callSid}:${index}`).slice(0, 28) }),
  };
}

/**
 * `<Pay>`: when it ends, `action` gets `Result` and the payment fields and its TwiML runs; without `action`, the
 * next verb. The caller doing nothing is `input-timeout` (https://www.twilio.com/docs/voice/twiml/pay).
 */
const pay: VerbHandler = async (call, verb, place) => {
  const answer = await call.wait(verb, ["pay", "hangup"]);
  if (isHangup(answer)) return actionAfterHangup(call, verb, place, { Result: "caller-hung-up" });
  const scripted = typeof answer === "object" && "pay" in answer ? answer : undefined;
  const result: PayResult = scripted?.pay ?? "input-timeout";
  return action(verb, place, { Result: result, ...(result === "success" && paid(call, verb)), ...scripted?.params });
};

/**
 * `<Connect>`: when the session ends, `action` gets the session's parameters and its TwiML runs; without
 * `action`, the next verb (https://www.twilio.com/docs/voice/twiml/connect).
 */
const connect: VerbHandler = async (call, verb, place) => {
  const relay = relayOf(verb);
  if (relay !== undefined) return conversation(call, verb, relay, place);
  const answer = await call.wait(verb, ["connect", "hangup"]);
  const params = typeof answer === "object" && "connect" in answer ? answer.connect : {};
  if (isHangup(answer)) return actionAfterHangup(call, verb, place, params);
  return action(verb, place, params);
};

/**
 * `<Connect><ConversationRelay>`: a conversation with the agent at its `url`, then the action with `SessionId`,
 * `SessionStatus` (`completed` after the agent's `end`, `ended` after a hangup, `failed`), `SessionDuration`,
 * `HandoffData` and, for a failure, `ErrorCode` (https://www.twilio.com/docs/voice/twiml/connect/conversationrelay).
 * A failure with no action to report it to ends the call with the error.
 */
async function conversation(call: Call, verb: XmlElement, relay: XmlElement, place: Place): Promise<Outcome> {
  const ended = await converse(call, verb, relay);
  if (ended.kind === "error") return ended;
  if (ended.hungUp) return actionAfterHangup(call, verb, place, ended.params);
  if (ended.failure !== undefined && verb.attributes.action === undefined) return { kind: "error", error: ended.failure };
  return action(verb, place, ended.params);
}

/** `<Refer>`: `action` gets `ReferCallStatus` and `ReferSipResponseCode` (https://www.twilio.com/docs/voice/twiml/refer). */
const refer: VerbHandler = async (call, verb, place) => {
  const answer = await call.wait(verb, ["refer", "hangup"]);
  if (isHangup(answer)) return actionAfterHangup(call, verb, place, {});
  const scripted = typeof answer === "object" && "refer" in answer ? answer : undefined;
  return action(verb, place, {
    ReferCallStatus: scripted?.refer ?? "completed",
    ReferSipResponseCode: String(scripted?.sipResponseCode ?? 202),
  });
};

/** Voice `<Sms>`: with `action`, the message's status is posted there and its TwiML runs (https://www.twilio.com/docs/voice/twiml/sms). */
const sms: VerbHandler = (call, verb, place) =>
  action(verb, place, { SmsSid: sid("SM", `sms:${call.callSid}:${call.counters.messages++}`), SmsStatus: "sending" });

export const VERBS: Readonly<Record<string, VerbHandler>> = {
  Say: say,
  Play: play,
  Gather: gather,
  Dial: dial,
  Record: record,
  Enqueue: enqueue,
  Pay: pay,
  Connect: connect,
  Refer: refer,
  Sms: sms,
  Redirect: (_, verb, place) => request(verb.attributes.method, textOf(verb), place.url, {}),
  Hangup: () => HUNG_UP,
  // Only an unanswered call is rejected; once answered, Twilio ends it like a hangup
  // (https://www.twilio.com/docs/voice/twiml/reject).
  Reject: (call) => (call.answered ? HUNG_UP : { kind: "end", end: "reject" }),
  // Outside a queue's wait document there is nothing to leave.
  Leave: (_, __, place) => (place.queue ? { kind: "leave" } : NEXT),
};
