// The caller's inputs: their kinds, how a script's entry is named in an error, and the error itself.
import type { CallerInput, DialStatus, InputKind, PayResult, QueueResult, RecordEnd } from "./types.js";

/** A script (or an interactive caller) that does not fit the flow: the call ends with an error, code 0. */
export class ScriptError extends Error {}

/** The caller hung up at a point where the call was not waiting for them (after hearing a prompt, or `signal`). */
export class CallerHungUp extends Error {}

export const DIAL_STATUSES: readonly DialStatus[] = ["completed", "answered", "busy", "no-answer", "failed", "canceled"];
export const QUEUE_RESULTS: readonly QueueResult[] = ["bridged", "leave", "hangup", "redirected", "queue-full", "error", "system-error"];
export const PAY_RESULTS: readonly PayResult[] = [
  "success",
  "payment-connector-error",
  "caller-interrupted-with-star",
  "caller-hung-up",
  "validation-error",
  "too-many-failed-attempts",
  "internal-error",
  "input-timeout",
];
export const RECORD_ENDS: readonly RecordEnd[] = ["silence", "key", "max-length", "hangup"];

/** Whether `value` is one of `words` (a value from a script written in JavaScript may be anything). */
function oneOf(words: readonly string[], value: unknown): boolean {
  return typeof value === "string" && words.includes(value);
}

/** The kind of an input, as `InputPrompt.accepts` names it; null for a value that is no caller input. */
function kindOrNull(input: CallerInput): InputKind | null {
  if (typeof input === "string") return "keys";
  if (typeof input !== "object" || input === null) return null;
  if ("speech" in input) return typeof input.speech === "string" ? "speech" : null;
  if ("silence" in input) return input.silence === true ? "silence" : null;
  if ("hangup" in input) return input.hangup === true ? "hangup" : null;
  if ("dial" in input) return oneOf(DIAL_STATUSES, input.dial) ? "dial" : null;
  if ("record" in input) {
    const { record } = input;
    return typeof record === "object" && typeof record.duration === "number" && (record.end === undefined || oneOf(RECORD_ENDS, record.end))
      ? "record"
      : null;
  }
  if ("queue" in input) return oneOf(QUEUE_RESULTS, input.queue) ? "queue" : null;
  if ("pay" in input) return oneOf(PAY_RESULTS, input.pay) ? "pay" : null;
  if ("connect" in input) return typeof input.connect === "object" && input.connect !== null ? "connect" : null;
  if ("refer" in input) return typeof input.refer === "string" ? "refer" : null;
  return null;
}

/** The kind of an input; a `ScriptError` naming the input and the words a script may use when it is none. */
export function kindOf(input: CallerInput, who = "a caller input"): InputKind {
  const kind = kindOrNull(input);
  if (kind !== null) return kind;
  throw new ScriptError(
    `${who} (${shownInput(input)}) is not something a caller can do: use keys ("1#"), { speech }, { silence: true }, ` +
      `{ hangup: true }, { dial: ${DIAL_STATUSES.join("|")} }, { record: { duration, end: ${RECORD_ENDS.join("|")} } }, ` +
      `{ queue: ${QUEUE_RESULTS.join("|")} }, { pay: ${PAY_RESULTS.join("|")} }, { connect: {…} } or { refer: status }`,
  );
}

const KIND_NAMES: Readonly<Record<InputKind, string>> = {
  keys: "keys",
  speech: "speech",
  silence: "silence",
  hangup: "a hangup",
  dial: "a dial outcome",
  record: "a recording",
  queue: "a queue outcome",
  pay: "a payment outcome",
  connect: "the end of a connected session",
  refer: "a refer outcome",
};

/** `["keys", "hangup"]` → `"keys or a hangup"`. */
export function kindList(kinds: readonly InputKind[]): string {
  const names = kinds.map((kind) => KIND_NAMES[kind]);
  return names.length <= 1 ? (names[0] ?? "nothing") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

export function kindName(kind: InputKind): string {
  return KIND_NAMES[kind];
}

/** An input as the user wrote it in the script. */
export function shownInput(input: CallerInput): string {
  return JSON.stringify(input) ?? String(input);
}

export function isHangupAfter(input: CallerInput | undefined): input is { readonly hangup: true; readonly after: string } {
  return typeof input === "object" && "hangup" in input && typeof input.after === "string";
}
