// The interactive side of the simulator the phone drives: what it streams as a call runs and what it asks
// the caller. Kept here, structurally compatible, until `twiml-jsx/testing` exports the same types.
import type { CallerInput as ScriptedInput, CallEvent, CallResult, MessageResult, SentMessage, SimulatedRequest } from "../testing/types.js";

export type { CallEvent, CallResult, MessageResult, SentMessage, SimulatedRequest };

/** A scripted input, a hang-up, or a recording the phone serves at `url`. */
export type CallerInput =
  | ScriptedInput
  | { readonly hangup: true }
  | { readonly record: { readonly duration: number; readonly end?: string; readonly digits?: string; readonly url?: string } };

/** A verb that waits for the caller, and the kinds of input it takes (`keys`, `speech`, `silence`, `hangup`…). */
export interface InputPrompt {
  readonly verb: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly heard: readonly string[];
  readonly accepts: readonly string[];
}

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

export type MessageLiveEvent =
  | Extract<LiveEvent, { type: "request" | "response" }>
  | { readonly type: "reply"; readonly message: SentMessage }
  | { readonly type: "end"; readonly result: MessageResult };
