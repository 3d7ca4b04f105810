// The shapes the call engine and the verb handlers share: where a verb sends the flow, and the document it runs in.
import type { SimulatorError } from "./request.js";
import type { CallEnd, CallerInput } from "./types.js";
import type { XmlElement } from "../xml/parse.js";

/** What a verb does to the flow. */
export type Outcome =
  /** Go on with the next verb of the document. */
  | { readonly kind: "next" }
  /** Request a document and run it instead of the rest of this one. */
  | { readonly kind: "goto"; readonly method: "GET" | "POST"; readonly url: string; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: "end"; readonly end: Exclude<CallEnd, "error"> }
  | { readonly kind: "error"; readonly error: SimulatorError }
  /** `<Leave>` in a queue's wait document. */
  | { readonly kind: "leave" };

export const NEXT: Outcome = { kind: "next" };
export const HUNG_UP: Outcome = { kind: "end", end: "hangup" };

/** A document being run: its URL (the base of its relative URLs) and whether it is a queue's wait document. */
export interface Place {
  readonly url: string;
  readonly queue: boolean;
}

export interface Document {
  readonly url: string;
  readonly root: XmlElement;
}

/** An input that leaves the queue the caller waits in, from a verb of the wait document. */
export class Dequeued extends Error {
  constructor(readonly input: Extract<CallerInput, { queue: unknown }>) {
    super("dequeued");
  }
}
