// The parameters Twilio sends with its webhook requests, as types, and the functions that read them.
// Every value is text, because that is what arrives in a query string or a form body. Twilio adds
// parameters over time and varies them by channel, so every interface keeps an index signature: a name
// not listed here still reaches the handler, typed `string | undefined`.

/** Every parameter of a webhook request, by name, as Twilio sent it; names it did not send are `undefined`. */
export interface WebhookParams {
  readonly [name: string]: string | undefined;
}

/**
 * Where parameters are read from: a `URLSearchParams` (a query string or a parsed
 * `application/x-www-form-urlencoded` body), or any other list of name/value pairs.
 */
export type ParamSource = Iterable<readonly [name: string, value: string]>;

/** A call's state. `initiated` is only seen in status callbacks for the `initiated` event. */
export type CallStatus = "queued" | "initiated" | "ringing" | "in-progress" | "completed" | "busy" | "failed" | "no-answer" | "canceled";

/** Who started a call leg: a caller (`inbound`), the REST API, a `<Dial>`, or an Elastic SIP trunk. */
export type CallDirection = "inbound" | "outbound-api" | "outbound-dial" | "trunking-terminating" | "trunking-originating";

/** How the call placed by `<Dial>` ended. */
export type DialCallStatus = "completed" | "answered" | "busy" | "no-answer" | "failed" | "canceled";

/** What answering machine detection decided answered the call. */
export type AnsweredBy = "human" | "machine_start" | "machine_end_beep" | "machine_end_silence" | "machine_end_other" | "fax" | "unknown";

/** A message's delivery state; Twilio has added states over time, so other text may arrive. */
export type MessageStatus =
  | "accepted"
  | "scheduled"
  | "canceled"
  | "queued"
  | "sending"
  | "sent"
  | "failed"
  | "delivered"
  | "undelivered"
  | "receiving"
  | "received"
  | "read"
  | "partially_delivered"
  | (string & {});

/** Why a caller left an `<Enqueue>` queue. */
export type QueueResult =
  | "bridged"
  | "bridging-in-process"
  | "error"
  | "hangup"
  | "leave"
  | "queue-full"
  | "redirected"
  | "redirected-from-waiting-url"
  | "system-error"
  | (string & {});

/** The state a recording status callback reports. */
export type RecordingStatus = "in-progress" | "completed" | "absent" | (string & {});

/** The caller ID attestation (STIR/SHAKEN) of an incoming call. */
export type StirVerstat =
  | "TN-Validation-Passed-A"
  | "TN-Validation-Passed-B"
  | "TN-Validation-Passed-C"
  | "TN-Validation-Failed-A"
  | "TN-Validation-Failed-B"
  | "TN-Validation-Failed-C"
  | "TN-Validation-Failed"
  | "No-TN-Validation"
  | (string & {});

/** Where the numbers of a call or message are, as far as Twilio can tell from the numbers alone. */
export interface GeographyParams {
  /** City of the sender's number, best effort. */
  readonly FromCity?: string;
  /** State or province of the sender's number, as a code (`CA`). */
  readonly FromState?: string;
  /** Postal code of the sender's number. */
  readonly FromZip?: string;
  /** Country of the sender's number, as an ISO 3166-1 alpha-2 code (`US`). */
  readonly FromCountry?: string;
  /** City of the called or messaged number, best effort. */
  readonly ToCity?: string;
  /** State or province of the called or messaged number, as a code. */
  readonly ToState?: string;
  /** Postal code of the called or messaged number. */
  readonly ToZip?: string;
  /** Country of the called or messaged number, as an ISO 3166-1 alpha-2 code. */
  readonly ToCountry?: string;
}

/** What every voice webhook carries: the call and its two ends. */
export interface VoiceCallParams extends WebhookParams, GeographyParams {
  /** The call's unique id: `CA` and 32 hex digits. */
  readonly CallSid: string;
  /** The Twilio account that owns the call: `AC` and 32 hex digits. */
  readonly AccountSid: string;
  /** The caller: an E.164 number (`+15551234567`), `client:name`, or a SIP URI. */
  readonly From: string;
  /** Who was called: an E.164 number, `client:name`, or a SIP URI. */
  readonly To: string;
  /** The call's state when Twilio made this request. */
  readonly CallStatus: CallStatus;
  /** The version of Twilio's API that made the request, currently `2010-04-01`. */
  readonly ApiVersion: string;
  /** Who started this call leg. */
  readonly Direction: CallDirection;
  /** The number that forwarded the call to yours, when the carrier says so. */
  readonly ForwardedFrom?: string;
  /** The caller's name from a caller-name (CNAM) lookup, when that lookup is enabled on the number. */
  readonly CallerName?: string;
  /** For a leg created by `<Dial>` or the API from another call, the id of that parent call. */
  readonly ParentCallSid?: string;
  /** A token that lets a forwarded call reuse this incoming call's caller ID. */
  readonly CallToken?: string;
  /** The TwiML App that handled the call, when one did. */
  readonly ApplicationSid?: string;
  /** The caller ID attestation of an incoming call from a carrier that signs calls. */
  readonly StirVerstat?: StirVerstat;
  /** What answering machine detection decided, when the call was placed with it. */
  readonly AnsweredBy?: AnsweredBy;
  /** The older name of `From`, with the same value. */
  readonly Caller?: string;
  /** The older name of `To`, with the same value. */
  readonly Called?: string;
  /** The older name of `FromCity`. */
  readonly CallerCity?: string;
  /** The older name of `FromState`. */
  readonly CallerState?: string;
  /** The older name of `FromZip`. */
  readonly CallerZip?: string;
  /** The older name of `FromCountry`. */
  readonly CallerCountry?: string;
  /** The older name of `ToCity`. */
  readonly CalledCity?: string;
  /** The older name of `ToState`. */
  readonly CalledState?: string;
  /** The older name of `ToZip`. */
  readonly CalledZip?: string;
  /** The older name of `ToCountry`. */
  readonly CalledCountry?: string;
}

/** The request to a `<Gather>` action URL: the call plus what the caller keyed in or said. */
export interface GatherParams extends VoiceCallParams {
  /** The keys pressed, without the finishing key; absent when the caller spoke instead. */
  readonly Digits?: string;
  /** The key that ended input; empty when `numDigits` or the timeout ended it. */
  readonly FinishedOnKey?: string;
  /** The transcribed speech, when speech input was enabled and the caller spoke. */
  readonly SpeechResult?: string;
  /** How sure the recogniser is of `SpeechResult`, a decimal from `0.0` to `1.0`. */
  readonly Confidence?: string;
  /** A note on how the gather ended, such as `Gather End`. */
  readonly msg?: string;
}

/** The request to a `<Record>` action URL: the call plus the recording just made. */
export interface RecordParams extends VoiceCallParams {
  /** Where the recording can be fetched; add `.mp3` or `.wav` for a format. */
  readonly RecordingUrl: string;
  /** The recording's unique id: `RE` and 32 hex digits. */
  readonly RecordingSid: string;
  /** The recording's length, in whole seconds. */
  readonly RecordingDuration: string;
  /** The key that stopped the recording, or `hangup` when the caller hung up. */
  readonly Digits?: string;
}

/** The request to a `<Dial>` action URL: the call plus how the dialled call went. */
export interface DialParams extends VoiceCallParams {
  /** How the dialled call ended. */
  readonly DialCallStatus: DialCallStatus;
  /** The id of the dialled call leg, when one was placed. */
  readonly DialCallSid?: string;
  /** How long the dialled call lasted, in seconds. */
  readonly DialCallDuration?: string;
  /** `true` when the two legs were connected, `false` otherwise. */
  readonly DialBridged?: "true" | "false";
  /** Where the recording of the dialled call can be fetched, when `record` was set. */
  readonly RecordingUrl?: string;
  /** The id of that recording, when `record` was set. */
  readonly RecordingSid?: string;
  /** The length of that recording, in seconds, when `record` was set. */
  readonly RecordingDuration?: string;
}

/** A call status callback: the call plus the event that triggered it. Twilio ignores the reply. */
export interface CallStatusCallbackParams extends VoiceCallParams {
  /** How long the call lasted, in seconds; sent once the call has completed. */
  readonly CallDuration?: string;
  /** When the event happened, as an RFC 2822 date (`Tue, 21 May 2024 10:00:00 +0000`). */
  readonly Timestamp?: string;
  /** What sent the callback: `call-progress-events` for call status events. */
  readonly CallbackSource?: "call-progress-events" | (string & {});
  /** The order of this callback among the call's callbacks: `0`, `1`, `2`, … */
  readonly SequenceNumber?: string;
  /** The billed length of the call, in minutes rounded up. */
  readonly Duration?: string;
  /** The final SIP response code of the call leg, such as `200` or `487`. */
  readonly SipResponseCode?: string;
  /** How long answering machine detection took, in milliseconds. */
  readonly MachineDetectionDuration?: string;
  /** Where the call's recording can be fetched, when the call was recorded. */
  readonly RecordingUrl?: string;
  /** The id of the call's recording, when the call was recorded. */
  readonly RecordingSid?: string;
  /** The length of the call's recording, in seconds, when the call was recorded. */
  readonly RecordingDuration?: string;
}

/** A recording status callback (`recordingStatusCallback`). Twilio ignores the reply. */
export interface RecordingStatusCallbackParams extends WebhookParams {
  /** The Twilio account that owns the recording. */
  readonly AccountSid: string;
  /** The call that was recorded, for a call recording. */
  readonly CallSid?: string;
  /** The conference that was recorded, for a conference recording. */
  readonly ConferenceSid?: string;
  /** The recording's unique id: `RE` and 32 hex digits. */
  readonly RecordingSid: string;
  /** Where the recording can be fetched; add `.mp3` or `.wav` for a format. */
  readonly RecordingUrl: string;
  /** The recording's state. */
  readonly RecordingStatus: RecordingStatus;
  /** The recording's length, in seconds; sent once it has completed. */
  readonly RecordingDuration?: string;
  /** How many audio channels the recording has: `1` or `2`. */
  readonly RecordingChannels?: string;
  /** When the recording started, as an RFC 2822 date. */
  readonly RecordingStartTime?: string;
  /** What started the recording, such as `RecordVerb`, `DialVerb` or `OutboundAPI`. */
  readonly RecordingSource?: string;
  /** Which audio was recorded: `inbound`, `outbound` or `both`. */
  readonly RecordingTrack?: string;
  /** A Twilio error code, when the recording failed. */
  readonly ErrorCode?: string;
}

/**
 * A request about a queue: to an `<Enqueue>` action URL (`QueueResult`, `QueueSid`, `QueueTime`), to its
 * `waitUrl` (the position and sizes), or to a `<Dial><Queue url>` (`DequeingCallSid`).
 */
export interface QueueParams extends VoiceCallParams {
  /** The queue's unique id: `QU` and 32 hex digits. */
  readonly QueueSid?: string;
  /** Why the caller left the queue; sent to the `<Enqueue>` action URL. */
  readonly QueueResult?: QueueResult;
  /** How long the caller has been, or was, in the queue, in seconds. */
  readonly QueueTime?: string;
  /** The caller's place in the queue, from `1`; sent to the wait URL. */
  readonly QueuePosition?: string;
  /** The average wait of callers in the queue, in seconds; sent to the wait URL. */
  readonly AvgQueueTime?: string;
  /** How many callers are waiting in the queue; sent to the wait URL. */
  readonly CurrentQueueSize?: string;
  /** How many callers the queue may hold; sent to the wait URL. */
  readonly MaxQueueSize?: string;
  /** The call that took the caller out of the queue; sent to a `<Dial><Queue url>`. */
  readonly DequeingCallSid?: string;
}

/** An incoming message (SMS, MMS, WhatsApp, …). Read its attachments with `mediaOf`. */
export interface MessageParams extends WebhookParams, GeographyParams {
  /** The message's unique id: `SM` or `MM` and 32 hex digits. */
  readonly MessageSid: string;
  /** The older name of `MessageSid`, with the same value. */
  readonly SmsSid?: string;
  /** Another older name of `MessageSid`, with the same value. */
  readonly SmsMessageSid?: string;
  /** The Twilio account that received the message: `AC` and 32 hex digits. */
  readonly AccountSid: string;
  /** The Messaging Service the receiving number belongs to, if any: `MG` and 32 hex digits. */
  readonly MessagingServiceSid?: string;
  /** The sender: an E.164 number, or a channel address such as `whatsapp:+15551234567`. */
  readonly From: string;
  /** The receiving number or channel address. */
  readonly To: string;
  /** The message text, up to 1,600 characters; empty for a message with only media. */
  readonly Body: string;
  /** How many attachments came with the message, as a decimal count (`0` when none). */
  readonly NumMedia: string;
  /** How many SMS segments the message arrived in. */
  readonly NumSegments?: string;
  /** The message's state, `received` for an incoming message. */
  readonly SmsStatus?: MessageStatus;
  /** The version of Twilio's API that made the request, currently `2010-04-01`. */
  readonly ApiVersion?: string;
  /** Where attachment N (from 0) can be fetched. */
  readonly [name: `MediaUrl${number}`]: string | undefined;
  /** The MIME type of attachment N (from 0), such as `image/jpeg`. */
  readonly [name: `MediaContentType${number}`]: string | undefined;
  /** WhatsApp: the sender's profile name. */
  readonly ProfileName?: string;
  /** WhatsApp: the sender's WhatsApp id, usually their number without `+`. */
  readonly WaId?: string;
  /** WhatsApp: `true` when the message was forwarded. */
  readonly Forwarded?: string;
  /** WhatsApp: `true` when the message has been forwarded many times. */
  readonly FrequentlyForwarded?: string;
  /** WhatsApp: the text of the quick-reply button the sender tapped. */
  readonly ButtonText?: string;
  /** WhatsApp: the payload of the quick-reply button the sender tapped. */
  readonly ButtonPayload?: string;
  /** WhatsApp: the latitude of a shared location, in decimal degrees. */
  readonly Latitude?: string;
  /** WhatsApp: the longitude of a shared location, in decimal degrees. */
  readonly Longitude?: string;
  /** WhatsApp: the address of a shared location. */
  readonly Address?: string;
  /** WhatsApp: the name of a shared location. */
  readonly Label?: string;
  /** WhatsApp: the body of the ad the sender clicked to start the chat. */
  readonly ReferralBody?: string;
  /** WhatsApp: the headline of the ad the sender clicked. */
  readonly ReferralHeadline?: string;
  /** WhatsApp: the id of the ad or post the sender clicked. */
  readonly ReferralSourceId?: string;
  /** WhatsApp: what the sender clicked, such as `ad` or `post`. */
  readonly ReferralSourceType?: string;
  /** WhatsApp: the URL of the ad or post the sender clicked. */
  readonly ReferralSourceUrl?: string;
}

/** A message status callback (`statusCallback`, `<Message action>`). Twilio ignores the reply. */
export interface MessageStatusCallbackParams extends WebhookParams {
  /** The message's unique id: `SM` or `MM` and 32 hex digits. */
  readonly MessageSid: string;
  /** The older name of `MessageSid`, with the same value. */
  readonly SmsSid?: string;
  /** The Twilio account that sent the message. */
  readonly AccountSid: string;
  /** The Messaging Service that sent the message, if any. */
  readonly MessagingServiceSid?: string;
  /** The sender: an E.164 number or a channel address. */
  readonly From: string;
  /** The recipient: an E.164 number or a channel address. */
  readonly To: string;
  /** The message's new state. */
  readonly MessageStatus: MessageStatus;
  /** The older name of `MessageStatus`, with the same value. */
  readonly SmsStatus?: MessageStatus;
  /** A Twilio error code, when the message failed or was undelivered. */
  readonly ErrorCode?: string;
  /** The version of Twilio's API that made the request, currently `2010-04-01`. */
  readonly ApiVersion?: string;
  /** When the carrier reported delivery, as `YYMMDDhhmm` (UTC), for SMS when the carrier sends it. */
  readonly RawDlrDoneDate?: string;
}

/** One attachment of an incoming message. */
export interface MessageMedia {
  /** Where the attachment can be fetched. */
  readonly url: string;
  /** The attachment's MIME type, as Twilio sent it; `undefined` when it sent none. */
  readonly contentType: string | undefined;
}

/**
 * Reads parameters from a query string or a form body into a plain object with no prototype, so
 * names such as `toString` or `__proto__` are ordinary parameters. When a name is repeated the first
 * value is kept, as `URLSearchParams.get` does (Twilio does not repeat names; a proxy might).
 * Use `readAllParams` to see every value. Like any JavaScript object, it lists integer-like names
 * (`0`, `1`, …) first.
 *
 * @example
 * readParams(new URLSearchParams("Digits=1&Digits=2&SpeechResult=yes+please"));
 * //=> { Digits: "1", SpeechResult: "yes please" }
 */
export function readParams(source: ParamSource): WebhookParams {
  const params: Record<string, string> = Object.create(null);
  for (const [name, value] of source) {
    if (params[name] === undefined) params[name] = value;
  }
  return Object.freeze(params);
}

/**
 * Reads parameters like `readParams`, keeping every value of a repeated name, in the order received.
 *
 * @example
 * readAllParams(new URLSearchParams("Digits=1&Digits=2"));
 * //=> { Digits: ["1", "2"] }
 */
export function readAllParams(source: ParamSource): Readonly<Record<string, readonly string[]>> {
  const params: Record<string, string[]> = Object.create(null);
  for (const [name, value] of source) {
    const values = params[name];
    if (values === undefined) params[name] = [value];
    else values.push(value);
  }
  for (const name in params) Object.freeze(params[name]);
  return Object.freeze(params);
}

/**
 * The attachments of an incoming message: `NumMedia` of them, from `MediaUrl0`/`MediaContentType0` on.
 * Stops at the first missing or empty `MediaUrlN`, so a count the request does not back up is not trusted.
 *
 * @example
 * mediaOf(readParams(new URLSearchParams("NumMedia=1&MediaUrl0=https://x/m&MediaContentType0=image/png")));
 * //=> [{ url: "https://x/m", contentType: "image/png" }]
 */
export function mediaOf(params: WebhookParams): MessageMedia[] {
  const count = params["NumMedia"];
  const total = count !== undefined && /^[0-9]+$/.test(count) ? Number(count) : 0;
  const media: MessageMedia[] = [];
  for (let i = 0; i < total; i++) {
    const url = params[`MediaUrl${i}`];
    if (url === undefined || url === "") break;
    media.push({ url, contentType: params[`MediaContentType${i}`] });
  }
  return media;
}
