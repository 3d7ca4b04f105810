// The messages of a Media Stream (`<Connect><Stream>` or `<Start><Stream>`), in both directions, as Twilio
// documents them: https://www.twilio.com/docs/voice/media-streams/websocket-messages
import { count, list, object, oneOf, parseMessage, text, texts, type WebSocketData } from "./message.js";

/** The first message: the protocol the stream speaks. */
export interface StreamConnected {
  readonly event: "connected";
  /** `Call`. */
  readonly protocol: string;
  /** The protocol's version, such as `1.0.0`. */
  readonly version: string;
}

/** Which audio a message carries: what the caller says (`inbound`) or what the call plays to them (`outbound`). */
export type StreamTrack = "inbound" | "outbound";

/** Sent once, after `connected`: the stream's ids, its audio format and your `<Parameter>`s. */
export interface StreamStart {
  readonly event: "start";
  /** The order of this message in the stream, from `1`, as decimal text. */
  readonly sequenceNumber: string;
  /** The stream: `MZ` and 32 hex digits. Messages you send back name it. */
  readonly streamSid: string;
  readonly start: {
    readonly accountSid: string;
    readonly callSid: string;
    readonly streamSid: string;
    /** The tracks this stream carries. */
    readonly tracks: readonly StreamTrack[];
    /** The `<Parameter name value>` children of `<Stream>`, by name. */
    readonly customParameters: Readonly<Record<string, string>>;
    readonly mediaFormat: {
      /** `audio/x-mulaw`. */
      readonly encoding: string;
      /** Samples per second: `8000`. */
      readonly sampleRate: number;
      /** `1`. */
      readonly channels: number;
    };
  };
}

/** A chunk of the call's audio. */
export interface StreamMedia {
  readonly event: "media";
  readonly sequenceNumber: string;
  readonly streamSid: string;
  readonly media: {
    readonly track: StreamTrack;
    /** The order of this chunk in its track, from `1`, as decimal text. */
    readonly chunk: string;
    /** Milliseconds from the start of the stream, as decimal text. */
    readonly timestamp: string;
    /** The audio, base64-encoded, in the format of `start.mediaFormat`. */
    readonly payload: string;
  };
}

/** A key the caller pressed (bidirectional streams). */
export interface StreamDtmf {
  readonly event: "dtmf";
  readonly sequenceNumber: string;
  readonly streamSid: string;
  readonly dtmf: {
    /** `inbound_track`. */
    readonly track: string;
    /** `0`–`9`, `*` or `#`. */
    readonly digit: string;
  };
}

/** The audio you sent before a mark of yours has finished playing, or was cleared (bidirectional streams). */
export interface StreamMark {
  readonly event: "mark";
  readonly sequenceNumber: string;
  readonly streamSid: string;
  readonly mark: { readonly name: string };
}

/** The stream ended: the call hung up, or a `<Stop><Stream>` or the REST API stopped it. */
export interface StreamStop {
  readonly event: "stop";
  readonly sequenceNumber: string;
  readonly streamSid: string;
  readonly stop: { readonly accountSid: string; readonly callSid: string };
}

/** A message Twilio sends to your WebSocket server during a Media Stream. */
export type StreamMessageFromTwilio = StreamConnected | StreamStart | StreamMedia | StreamDtmf | StreamMark | StreamStop;

/** Audio for the caller to hear (bidirectional streams): base64 `audio/x-mulaw` at 8000 Hz, without file headers. */
export interface StreamMediaToTwilio {
  readonly event: "media";
  readonly streamSid: string;
  readonly media: { readonly payload: string };
}

/** A label in the audio you send: Twilio sends it back as a `mark` message once the audio before it has played. */
export interface StreamMarkToTwilio {
  readonly event: "mark";
  readonly streamSid: string;
  readonly mark: { readonly name: string };
}

/** Drops the audio you sent that has not played yet; Twilio sends back the marks in it. */
export interface StreamClear {
  readonly event: "clear";
  readonly streamSid: string;
}

/** A message your WebSocket server sends to Twilio during a bidirectional Media Stream. */
export type StreamMessageToTwilio = StreamMediaToTwilio | StreamMarkToTwilio | StreamClear;

const track = oneOf("inbound", "outbound");
const mark = object({ sequenceNumber: text, streamSid: text, mark: object({ name: text }) });

const FROM_TWILIO = {
  connected: object({ protocol: text, version: text }),
  start: object({
    sequenceNumber: text,
    streamSid: text,
    start: object({
      accountSid: text,
      callSid: text,
      streamSid: text,
      tracks: list(track),
      customParameters: texts,
      mediaFormat: object({ encoding: text, sampleRate: count, channels: count }),
    }),
  }),
  media: object({
    sequenceNumber: text,
    streamSid: text,
    media: object({ track, chunk: text, timestamp: text, payload: text }),
  }),
  dtmf: object({ sequenceNumber: text, streamSid: text, dtmf: object({ track: text, digit: text }) }),
  mark,
  stop: object({ sequenceNumber: text, streamSid: text, stop: object({ accountSid: text, callSid: text }) }),
};

const TO_TWILIO = {
  media: object({ streamSid: text, media: object({ payload: text }) }),
  mark: object({ streamSid: text, mark: object({ name: text }) }),
  clear: object({ streamSid: text }),
};

/**
 * Reads a message of a Media Stream from Twilio: JSON text (or its UTF-8 bytes) in, a typed message out.
 * @throws WebSocketMessageError naming the field when the message is not one Twilio documents.
 * @example
 * parseStreamMessage('{"event":"connected","protocol":"Call","version":"1.0.0"}')
 * //=> { event: "connected", protocol: "Call", version: "1.0.0" }
 */
export function parseStreamMessage(data: WebSocketData): StreamMessageFromTwilio {
  return parseMessage("Media Stream message from Twilio", data, "event", FROM_TWILIO);
}

/**
 * Reads a message sent to Twilio during a bidirectional Media Stream: for tests and simulators of your server.
 * @throws WebSocketMessageError naming the field when the message is not one Twilio accepts.
 */
export function parseStreamReply(data: WebSocketData): StreamMessageToTwilio {
  return parseMessage("Media Stream message to Twilio", data, "event", TO_TWILIO);
}
