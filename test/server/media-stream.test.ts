import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseStreamMessage, parseStreamReply } from "../../src/server/media-stream.js";
import { WebSocketMessageError } from "../../src/server/message.js";
import { thrownMessage } from "./thrown.js";

// The messages of https://www.twilio.com/docs/voice/media-streams/websocket-messages, as Twilio's examples
// show them.

const STREAM = "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";

const refusal = (parse: () => unknown): string => thrownMessage(WebSocketMessageError, parse);

/** A start message with some of its `start` fields replaced. */
function startWith(fields: Record<string, unknown>): object {
  const start = {
    accountSid: "AC1",
    streamSid: STREAM,
    callSid: "CA1",
    tracks: ["inbound"],
    customParameters: {},
    mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
  };
  return { event: "start", sequenceNumber: "1", streamSid: STREAM, start: { ...start, ...fields } };
}

describe("messages from Twilio", () => {
  test.each([
    { event: "connected", protocol: "Call", version: "1.0.0" },
    {
      event: "start",
      sequenceNumber: "1",
      start: {
        accountSid: "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        streamSid: STREAM,
        callSid: "CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        tracks: ["inbound", "outbound"],
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
        customParameters: { FirstName: "Jane", LastName: "Doe" },
      },
      streamSid: STREAM,
    },
    {
      event: "media",
      sequenceNumber: "3",
      media: { track: "outbound", chunk: "1", timestamp: "5", payload: "no+JhoaJjpzSHxAKCAgJ" },
      streamSid: STREAM,
    },
    { event: "dtmf", streamSid: STREAM, sequenceNumber: "5", dtmf: { track: "inbound_track", digit: "1" } },
    { event: "mark", sequenceNumber: "4", streamSid: STREAM, mark: { name: "my label" } },
    {
      event: "stop",
      sequenceNumber: "5",
      stop: { accountSid: "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", callSid: "CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX" },
      streamSid: STREAM,
    },
  ])("$event", (message) => {
    expect(parseStreamMessage(JSON.stringify(message))).toEqual(message);
  });

  test.each([
    [
      "a start whose sample rate is text",
      startWith({ mediaFormat: { encoding: "audio/x-mulaw", sampleRate: "8000", channels: 1 } }),
      ' (event "start"): start.mediaFormat.sampleRate must be a number, got "8000"',
    ],
    [
      "a start with a track Twilio does not send",
      startWith({ tracks: ["inbound", "both"] }),
      ' (event "start"): start.tracks[1] must be one of "inbound", "outbound", got "both"',
    ],
    [
      "a media message without its payload",
      { event: "media", sequenceNumber: "3", streamSid: STREAM, media: { track: "inbound", chunk: "1", timestamp: "5" } },
      ' (event "media"): media.payload must be a string, got nothing',
    ],
    [
      "a mark without its streamSid",
      { event: "mark", sequenceNumber: "4", mark: { name: "x" } },
      ' (event "mark"): streamSid must be a string, got nothing',
    ],
    [
      "a clear, which only goes to Twilio",
      { event: "clear", streamSid: STREAM },
      ': the message\'s "event" must be one of connected, start, media, dtmf, mark, stop, got "clear"',
    ],
  ])("%s is refused", (_what, message, expected) => {
    expect(refusal(() => parseStreamMessage(JSON.stringify(message)))).toBe(`Media Stream message from Twilio${expected}`);
  });
});

describe("messages to Twilio", () => {
  test.each([
    { event: "media", streamSid: STREAM, media: { payload: "a3242sa" } },
    { event: "mark", streamSid: STREAM, mark: { name: "my label" } },
    { event: "clear", streamSid: STREAM },
  ])("$event", (message) => {
    expect(parseStreamReply(JSON.stringify(message))).toEqual(message);
  });

  test("a media message whose payload is bytes rather than base64 text is refused", () => {
    expect(refusal(() => parseStreamReply(JSON.stringify({ event: "media", streamSid: STREAM, media: { payload: [1, 2] } })))).toBe(
      'Media Stream message to Twilio (event "media"): media.payload must be a string, got an array',
    );
  });

  test("a start, which only comes from Twilio, is refused", () => {
    expect(refusal(() => parseStreamReply('{"event":"start"}'))).toBe(
      'Media Stream message to Twilio: the message\'s "event" must be one of media, mark, clear, got "start"',
    );
  });
});

test("any JSON text is either a message or a WebSocketMessageError, never another error", () => {
  const value = fc.oneof(
    fc.jsonValue(),
    fc
      .tuple(
        fc.constantFrom("connected", "start", "media", "dtmf", "mark", "stop", "clear"),
        fc.dictionary(fc.constantFrom("streamSid", "sequenceNumber", "media", "mark", "start", "stop", "dtmf"), fc.jsonValue()),
      )
      .map(([event, fields]) => ({ ...fields, event })),
  );
  fc.assert(
    fc.property(value, (json) => {
      for (const parse of [parseStreamMessage, parseStreamReply]) {
        try {
          expect(parse(JSON.stringify(json) ?? "null")).toBeTypeOf("object");
        } catch (error) {
          expect(error).toBeInstanceOf(WebSocketMessageError);
        }
      }
    }),
    { numRuns: 500 },
  );
});
