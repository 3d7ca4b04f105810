import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { WebSocketMessageError } from "../../src/server/message.js";
import { thrownMessage } from "./thrown.js";
import { parseRelayMessage, parseRelayReply } from "../../src/server/relay.js";

// The messages of https://www.twilio.com/docs/voice/conversationrelay/websocket-messages, as Twilio's examples
// show them.

const refusal = (parse: () => unknown): string => thrownMessage(WebSocketMessageError, parse);

describe("messages from Twilio", () => {
  test("setup, with every field of Twilio's example", () => {
    const setup = {
      type: "setup",
      sessionId: "VX00000000000000000000000000000000",
      accountSid: "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
      parentCallSid: "",
      callSid: "CA00000000000000000000000000000000",
      from: "+18005550100",
      to: "+18005550101",
      forwardedFrom: "+18005550102",
      callType: "PSTN",
      callerName: "",
      direction: "inbound",
      callStatus: "RINGING",
      customParameters: { callReference: "bar" },
    };
    expect(parseRelayMessage(JSON.stringify(setup))).toEqual(setup);
  });

  test("setup with only the fields every example has", () => {
    const setup = { type: "setup", sessionId: "VX1", callSid: "CA1", from: "+1", to: "+2", direction: "inbound" };
    expect(parseRelayMessage(JSON.stringify(setup))).toEqual(setup);
  });

  test("prompt", () => {
    expect(parseRelayMessage('{"type":"prompt","voicePrompt":"Hi! Can you tell me about life?","lang":"en-US","last":true}')).toEqual({
      type: "prompt",
      voicePrompt: "Hi! Can you tell me about life?",
      lang: "en-US",
      last: true,
    });
  });

  test("dtmf", () => {
    expect(parseRelayMessage('{"type":"dtmf","digit":"1"}')).toEqual({ type: "dtmf", digit: "1" });
  });

  test("interrupt, with the duration as a number", () => {
    const message = '{"type":"interrupt","utteranceUntilInterrupt":"Life is a complex set of","durationUntilInterruptMs":460}';
    expect(parseRelayMessage(message)).toEqual({
      type: "interrupt",
      utteranceUntilInterrupt: "Life is a complex set of",
      durationUntilInterruptMs: 460,
    });
  });

  test("interrupt, with the duration as decimal text (one version of Twilio's example): read as a number", () => {
    const message = '{"type":"interrupt","utteranceUntilInterrupt":"Life is","durationUntilInterruptMs":"460"}';
    expect(parseRelayMessage(message)).toEqual({ type: "interrupt", utteranceUntilInterrupt: "Life is", durationUntilInterruptMs: 460 });
  });

  test("error", () => {
    const message = JSON.stringify({ type: "error", description: 'Invalid message received: { "foo" : "bar" }' });
    expect(parseRelayMessage(message)).toEqual({ type: "error", description: 'Invalid message received: { "foo" : "bar" }' });
  });

  test("UTF-8 bytes, as the ws package hands them over", () => {
    expect(parseRelayMessage(new TextEncoder().encode('{"type":"dtmf","digit":"#"}'))).toEqual({ type: "dtmf", digit: "#" });
  });

  test("a field Twilio adds later is kept", () => {
    expect(parseRelayMessage('{"type":"dtmf","digit":"5","duration":120}')).toEqual({ type: "dtmf", digit: "5", duration: 120 });
  });
});

describe("malformed messages from Twilio are refused, naming the field", () => {
  test.each([
    ["not JSON", "{type: prompt}", "ConversationRelay message from Twilio: the message is not JSON text ("],
    ["JSON that is not an object", "[1,2]", "ConversationRelay message from Twilio: the message must be a JSON object, got an array"],
    [
      "no type",
      '{"voicePrompt":"hi"}',
      'ConversationRelay message from Twilio: the message\'s "type" must be one of setup, prompt, dtmf, interrupt, error, got nothing',
    ],
    [
      "a type sent the other way",
      '{"type":"text","token":"hi"}',
      'ConversationRelay message from Twilio: the message\'s "type" must be one of setup, prompt, dtmf, interrupt, error, got "text"',
    ],
    [
      "a missing field",
      '{"type":"prompt","lang":"en-US","last":true}',
      'ConversationRelay message from Twilio (type "prompt"): voicePrompt must be a string, got nothing',
    ],
    [
      "a field of the wrong type",
      '{"type":"prompt","voicePrompt":"hi","lang":"en-US","last":"true"}',
      'ConversationRelay message from Twilio (type "prompt"): last must be true or false, got "true"',
    ],
    [
      "a custom parameter that is not text",
      '{"type":"setup","sessionId":"VX1","callSid":"CA1","from":"+1","to":"+2","direction":"inbound","customParameters":{"n":1}}',
      'ConversationRelay message from Twilio (type "setup"): customParameters.n must be a string, got 1',
    ],
    [
      "a duration that is not a number",
      '{"type":"interrupt","utteranceUntilInterrupt":"x","durationUntilInterruptMs":"soon"}',
      'ConversationRelay message from Twilio (type "interrupt"): durationUntilInterruptMs must be a number, got "soon"',
    ],
  ])("%s", (_what, data, expected) => {
    expect(refusal(() => parseRelayMessage(data)).startsWith(expected)).toBe(true);
  });

  test("bytes that are not UTF-8", () => {
    expect(refusal(() => parseRelayMessage(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe(
      "ConversationRelay message from Twilio: the message is not JSON text (The encoded data was not valid for encoding utf-8)",
    );
  });
});

describe("messages to Twilio", () => {
  test.each([
    { type: "text", token: "Hello", last: false },
    { type: "text", token: "Bonjour", last: true, lang: "fr-FR", interruptible: false, preemptible: true },
    { type: "play", source: "https://api.twilio.com/cowbell.mp3", loop: 1, preemptible: false, interruptible: true },
    { type: "sendDigits", digits: "9www4085551212" },
    { type: "language", ttsLanguage: "sv-SE", transcriptionLanguage: "en-US" },
    { type: "language", transcriptionLanguage: "en-US" },
    { type: "end", handoffData: '{"reasonCode":"live-agent-handoff","reason":"The caller asked for a person"}' },
    { type: "end" },
  ])("%j", (message) => {
    expect(parseRelayReply(JSON.stringify(message))).toEqual(message);
  });

  test.each([
    ["a text without its token", { type: "text", last: true }, ' (type "text"): token must be a string, got nothing'],
    [
      "a play loop that is not a number",
      { type: "play", source: "https://x/a.mp3", loop: "2" },
      ' (type "play"): loop must be a number, got "2"',
    ],
    [
      "handoffData as an object rather than text",
      { type: "end", handoffData: { reason: "agent" } },
      ' (type "end"): handoffData must be a string, got an object',
    ],
    [
      "a language message that changes nothing",
      { type: "language" },
      ' (type "language"): ttsLanguage or transcriptionLanguage must be given',
    ],
    [
      "a type sent the other way",
      { type: "prompt", voicePrompt: "hi" },
      ': the message\'s "type" must be one of text, play, sendDigits, language, end, got "prompt"',
    ],
  ])("%s is refused", (_what, message, expected) => {
    expect(refusal(() => parseRelayReply(JSON.stringify(message)))).toBe(`ConversationRelay message to Twilio${expected}`);
  });
});

test("any JSON text is either a message or a WebSocketMessageError, never another error", () => {
  const value = fc.oneof(
    fc.jsonValue(),
    fc
      .record({ type: fc.constantFrom("setup", "prompt", "dtmf", "interrupt", "error", "text", "end") }, { requiredKeys: [] })
      .chain((base) =>
        fc
          .dictionary(
            fc.constantFrom("voicePrompt", "lang", "last", "digit", "description", "sessionId", "customParameters"),
            fc.jsonValue(),
          )
          .map((extra) => ({ ...extra, ...base })),
      ),
  );
  fc.assert(
    fc.property(value, (json) => {
      for (const parse of [parseRelayMessage, parseRelayReply]) {
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
