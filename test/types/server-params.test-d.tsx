// Webhook parameters: what a handler sees for each kind of request, and what it may not do with them.
import {
  mediaOf,
  readAllParams,
  readParams,
  type AnsweredBy,
  type CallStatus,
  type CallStatusCallbackParams,
  type DialParams,
  type GatherParams,
  type MessageMedia,
  type MessageParams,
  type MessageStatus,
  type MessageStatusCallbackParams,
  type QueueParams,
  type RecordingStatusCallbackParams,
  type RecordParams,
  type VoiceCallParams,
  type WebhookParams,
} from "../../src/server/params.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// The shape of a future `webhook<P>()`: a handler for one kind of request, untyped by default.
declare function handle<P extends WebhookParams = WebhookParams>(handler: (params: P) => string): void;

declare const gather: GatherParams;
declare const dial: DialParams;
declare const message: MessageParams;
declare const messageStatus: MessageStatusCallbackParams;

// Names Twilio always sends are strings; names it sends only sometimes may be undefined.
true satisfies Equal<typeof gather.CallSid, string>;
true satisfies Equal<typeof gather.Digits, string | undefined>;
true satisfies Equal<typeof gather.SpeechResult, string | undefined>;
// @ts-expect-error Digits is absent when the caller spoke instead
gather.Digits.length;
handle<GatherParams>((params) => params.Digits ?? "");

// Names not listed are kept, as text that may be absent.
true satisfies Equal<typeof gather.SomeNewParameter, string | undefined>;
true satisfies Equal<(typeof gather)["any name at all"], string | undefined>;
handle((params) => params["CallSid"] ?? "no call");
// @ts-expect-error an unknown name may be absent too
handle((params) => params["CallSid"].toUpperCase());

// Known sets of values are literal unions, checked in comparisons and exhaustive switches.
true satisfies Equal<
  typeof gather.CallStatus,
  "queued" | "initiated" | "ringing" | "in-progress" | "completed" | "busy" | "failed" | "no-answer" | "canceled"
>;
true satisfies Equal<
  typeof dial.DialCallStatus,
  "completed" | "answered" | "busy" | "no-answer" | "failed" | "canceled"
>;
true satisfies Equal<typeof gather.AnsweredBy, AnsweredBy | undefined>;
export function describeStatus(status: CallStatus): string {
  switch (status) {
    case "queued":
    case "initiated":
    case "ringing":
      return "not answered yet";
    case "in-progress":
      return "talking";
    case "completed":
    case "busy":
    case "failed":
    case "no-answer":
    case "canceled":
      return "over";
    default:
      return status satisfies never;
  }
}
gather.CallStatus === "in-progress";
// @ts-expect-error call statuses are spelt with a hyphen
gather.CallStatus === "in_progress";
// @ts-expect-error "answered" is a Dial outcome, not a call status
const status: CallStatus = "answered";
// @ts-expect-error no-answer is spelt with a hyphen
dial.DialCallStatus === "no_answer";
// @ts-expect-error outbound calls are "outbound-api" or "outbound-dial"
gather.Direction === "outbound";
// @ts-expect-error machine detection answers start with "machine_"
gather.AnsweredBy === "machine";
// @ts-expect-error DialBridged is the text "true" or "false"
dial.DialBridged === "yes";

// Sets Twilio keeps adding to take any text, but not other types.
messageStatus.MessageStatus === "delivered";
messageStatus.MessageStatus === "a-state-added-later";
// @ts-expect-error a message status is text
const messageState: MessageStatus = 3;

// Parameters are read-only.
// @ts-expect-error a known parameter cannot be reassigned
gather.Digits = "1";
// @ts-expect-error an unknown parameter cannot be added
gather.Extra = "1";

// Building one (as a test would): every value is text.
const call = {
  CallSid: "CA00000000000000000000000000000000",
  AccountSid: "AC00000000000000000000000000000000",
  From: "+15551234567",
  To: "+15557654321",
  CallStatus: "in-progress",
  ApiVersion: "2010-04-01",
  Direction: "inbound",
} as const;
export const pressed: GatherParams = { ...call, Digits: "1", SpeechResult: undefined };
export const extended: GatherParams = { ...call, CustomParameter: "kept" };
// @ts-expect-error Digits is text, never a number
export const numeric: GatherParams = { ...call, Digits: 1 };
// @ts-expect-error an unknown parameter is text too
export const unknownNumber: GatherParams = { ...call, Attempt: 2 };
// @ts-expect-error CallSid is on every voice request
export const noSid: VoiceCallParams = { ...call, CallSid: undefined };
// @ts-expect-error a Dial action always says how the dialled call ended
export const noOutcome: DialParams = { ...call };

// Every kind of request is a WebhookParams, and fits a handler for it.
declare const record: RecordParams;
declare const callStatus: CallStatusCallbackParams;
declare const recordingStatus: RecordingStatusCallbackParams;
declare const queue: QueueParams;
export const everyKind: WebhookParams[] = [
  gather,
  dial,
  message,
  messageStatus,
  record,
  callStatus,
  recordingStatus,
  queue,
];
handle<RecordParams>((params) => params.RecordingUrl);
handle<QueueParams>((params) => params.QueuePosition ?? "not waiting");
interface SurveyParams extends GatherParams {
  /** Added to the action URL by the app itself. */
  readonly question?: string;
}
handle<SurveyParams>((params) => params.question ?? params.Digits ?? "");
// @ts-expect-error parameters a handler declares must be text too
interface CountedParams extends GatherParams { readonly attempt: number }
// @ts-expect-error untyped params are not known to be a Gather request
export const assumed: GatherParams = readParams([]);

// Message attachments: numbered names are typed, and mediaOf reads them.
true satisfies Equal<typeof message.MediaUrl0, string | undefined>;
true satisfies Equal<(typeof message)[`MediaContentType${number}`], string | undefined>;
true satisfies Equal<typeof message.NumMedia, string>;
true satisfies Equal<ReturnType<typeof mediaOf>, MessageMedia[]>;
true satisfies Equal<MessageMedia["contentType"], string | undefined>;
mediaOf(message);
mediaOf(readParams([]));
// @ts-expect-error mediaOf reads a params object, not a count
mediaOf(2);

// Reading: the first value of each name, or every value as a read-only list.
true satisfies Equal<ReturnType<typeof readParams>, WebhookParams>;
readParams([["Digits", "1"]]);
readParams(new Map([["Digits", "1"]]));
// @ts-expect-error values are text
readParams([["Digits", 1]]);
const all = readAllParams([]);
const digitsSent = all["Digits"];
true satisfies Equal<typeof digitsSent, readonly string[] | undefined>;
// @ts-expect-error the lists are read-only
all["Digits"]?.push("1");
