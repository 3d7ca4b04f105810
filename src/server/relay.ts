// The messages of a ConversationRelay session, in both directions, as Twilio documents them:
// https://www.twilio.com/docs/voice/conversationrelay/websocket-messages
import { count, flag, invalid, milliseconds, object, optional, parseMessage, text, texts, type WebSocketData } from "./message.js";

/** The first message of a session, sent as soon as the WebSocket is open: who is calling, and your `<Parameter>`s. */
export interface RelaySetup {
  readonly type: "setup";
  /** The ConversationRelay session: `VX` and 32 hex digits. */
  readonly sessionId: string;
  /** The call: `CA` and 32 hex digits. */
  readonly callSid: string;
  /** The caller: an E.164 number, `client:name` or a SIP URI. */
  readonly from: string;
  /** Who was called. */
  readonly to: string;
  /** `inbound` for a call to your number, `outbound` for one you placed. */
  readonly direction: "inbound" | "outbound" | (string & {});
  /** Your account: `AC` and 32 hex digits. */
  readonly accountSid?: string;
  /** The parent call of a `<Dial>`ed leg; empty otherwise. */
  readonly parentCallSid?: string;
  /** The number that forwarded the call, when the carrier says so. */
  readonly forwardedFrom?: string;
  /** The kind of call, such as `PSTN`, `SIP` or `CLIENT`. */
  readonly callType?: string;
  /** The caller's name from a caller-name lookup; empty when there is none. */
  readonly callerName?: string;
  /** The call's state, such as `RINGING` or `IN-PROGRESS`. */
  readonly callStatus?: string;
  /** The `<Parameter name value>` children of `<ConversationRelay>`, by name. */
  readonly customParameters?: Readonly<Record<string, string>>;
}

/** What the caller said, transcribed; with `last: false`, a partial result that more text will follow. */
export interface RelayPrompt {
  readonly type: "prompt";
  readonly voicePrompt: string;
  /** The language it was recognised in, such as `en-US`. */
  readonly lang: string;
  /** Whether this is the whole utterance. */
  readonly last: boolean;
}

/** A key the caller pressed, when `dtmfDetection` is on. */
export interface RelayDtmf {
  readonly type: "dtmf";
  /** `0`–`9`, `*` or `#`. */
  readonly digit: string;
}

/** The caller spoke over the text-to-speech, which stopped. */
export interface RelayInterrupt {
  readonly type: "interrupt";
  /** The text spoken up to the interruption. */
  readonly utteranceUntilInterrupt: string;
  /** How long it had been speaking, in milliseconds. */
  readonly durationUntilInterruptMs: number;
}

/** Twilio could not process a message you sent (error 64107), or another error happened in the session. */
export interface RelayError {
  readonly type: "error";
  readonly description: string;
}

/** A message ConversationRelay sends to your WebSocket server. */
export type RelayMessageFromTwilio = RelaySetup | RelayPrompt | RelayDtmf | RelayInterrupt | RelayError;

/** Text to speak: stream the tokens of a reply as they come, and mark the final one `last: true`. */
export interface RelayText {
  readonly type: "text";
  readonly token: string;
  /** Whether this token ends the reply. */
  readonly last?: boolean | undefined;
  /** The language to speak it in, such as `fr-FR`, when it differs from the session's. */
  readonly lang?: string | undefined;
  /** Whether the caller may interrupt this text by speaking. */
  readonly interruptible?: boolean | undefined;
  /** Whether the text of your next reply may cut this one short. */
  readonly preemptible?: boolean | undefined;
}

/** Audio to play from a URL. */
export interface RelayPlay {
  readonly type: "play";
  /** The URL of the audio file. */
  readonly source: string;
  /** How many times to play it; `0` repeats until something interrupts it. */
  readonly loop?: number | undefined;
  readonly interruptible?: boolean | undefined;
  readonly preemptible?: boolean | undefined;
}

/** Keys to press on the call, as `<Play digits>` does: `0`–`9`, `*`, `#` and `w` for a half-second pause. */
export interface RelaySendDigits {
  readonly type: "sendDigits";
  readonly digits: string;
}

/** Switch the language of speech synthesis, of recognition, or both. */
export interface RelayLanguage {
  readonly type: "language";
  readonly ttsLanguage?: string | undefined;
  readonly transcriptionLanguage?: string | undefined;
}

/** End the session: the call continues at the `<Connect action>` URL, whose request carries `handoffData`. */
export interface RelayEnd {
  readonly type: "end";
  /** Text for the action URL, typically JSON such as `{"reason":"agent"}`. */
  readonly handoffData?: string | undefined;
}

/** A message your WebSocket server sends to ConversationRelay. */
export type RelayMessageToTwilio = RelayText | RelayPlay | RelaySendDigits | RelayLanguage | RelayEnd;

const FROM_TWILIO = {
  setup: object({
    sessionId: text,
    callSid: text,
    from: text,
    to: text,
    direction: text,
    accountSid: optional(text),
    parentCallSid: optional(text),
    forwardedFrom: optional(text),
    callType: optional(text),
    callerName: optional(text),
    callStatus: optional(text),
    customParameters: optional(texts),
  }),
  prompt: object({ voicePrompt: text, lang: text, last: flag }),
  dtmf: object({ digit: text }),
  interrupt: object({ utteranceUntilInterrupt: text, durationUntilInterruptMs: milliseconds }),
  error: object({ description: text }),
};

const language = object({ ttsLanguage: optional(text), transcriptionLanguage: optional(text) });

const TO_TWILIO = {
  text: object({
    token: text,
    last: optional(flag),
    lang: optional(text),
    interruptible: optional(flag),
    preemptible: optional(flag),
  }),
  play: object({ source: text, loop: optional(count), interruptible: optional(flag), preemptible: optional(flag) }),
  sendDigits: object({ digits: text }),
  language: (value: unknown) => {
    const read = language(value);
    // A message that would change nothing is a mistake, not a request.
    if (read.ttsLanguage === undefined && read.transcriptionLanguage === undefined) {
      invalid("ttsLanguage", "or transcriptionLanguage must be given");
    }
    return read;
  },
  end: object({ handoffData: optional(text) }),
};

/**
 * Reads a message ConversationRelay sent: JSON text (or its UTF-8 bytes) in, a typed message out.
 * @throws WebSocketMessageError naming the field when the message is not one Twilio documents.
 * @example
 * parseRelayMessage('{"type":"prompt","voicePrompt":"Hi","lang":"en-US","last":true}')
 * //=> { type: "prompt", voicePrompt: "Hi", lang: "en-US", last: true }
 */
export function parseRelayMessage(data: WebSocketData): RelayMessageFromTwilio {
  return parseMessage("ConversationRelay message from Twilio", data, "type", FROM_TWILIO);
}

/**
 * Reads a message sent to ConversationRelay, as Twilio checks it (error 64107 when it does not): for tests
 * and simulators of your agent.
 * @throws WebSocketMessageError naming the field when the message is not one Twilio accepts.
 */
export function parseRelayReply(data: WebSocketData): RelayMessageToTwilio {
  return parseMessage("ConversationRelay message to Twilio", data, "type", TO_TWILIO);
}
