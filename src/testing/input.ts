// The caller's inputs: their kinds, how a script's entry is named in an error, and the error itself.
import type { CallerInput, InputKind } from "./types.js";

/** A script (or an interactive caller) that does not fit the flow: the call ends with an error, code 0. */
export class ScriptError extends Error {}

/** The caller hung up at a point where the call was not waiting for them (after hearing a prompt, or `signal`). */
export class CallerHungUp extends Error {}

/** The kind of an input, as `InputPrompt.accepts` names it. */
export function kindOf(input: CallerInput): InputKind {
  if (typeof input === "string") return "keys";
  if ("speech" in input) return "speech";
  if ("silence" in input) return "silence";
  if ("hangup" in input) return "hangup";
  if ("dial" in input) return "dial";
  if ("record" in input) return "record";
  if ("queue" in input) return "queue";
  if ("pay" in input) return "pay";
  if ("connect" in input) return "connect";
  return "refer";
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
  return JSON.stringify(input);
}

export function isHangupAfter(input: CallerInput | undefined): input is { readonly hangup: true; readonly after: string } {
  return typeof input === "object" && "hangup" in input && typeof input.after === "string";
}
