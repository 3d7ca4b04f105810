// The WebSocket message types narrow on their `type` or `event`, and refuse a message Twilio would not accept.
import { parseRelayMessage, parseStreamMessage, type RelayMessageToTwilio, type StreamMessageToTwilio } from "twiml-jsx/server";

declare const data: string;

const relay = parseRelayMessage(data);
if (relay.type === "prompt") {
  const heard: string = relay.voicePrompt;
  const final: boolean = relay.last;
  void [heard, final];
  // @ts-expect-error a prompt carries no digit
  void relay.digit;
}
if (relay.type === "interrupt") {
  const spokenFor: number = relay.durationUntilInterruptMs;
  void spokenFor;
}

const stream = parseStreamMessage(data);
if (stream.event === "start") {
  const rate: number = stream.start.mediaFormat.sampleRate;
  void rate;
}

declare const maybeLanguage: string | undefined;
const replies: RelayMessageToTwilio[] = [
  { type: "text", token: "Hello", last: false, lang: maybeLanguage },
  { type: "play", source: "https://example.com/hold.mp3", loop: 0 },
  { type: "sendDigits", digits: "1w2" },
  { type: "language", ttsLanguage: "fr-FR" },
  { type: "end", handoffData: JSON.stringify({ reason: "agent" }) },
];
void replies;

// @ts-expect-error a text needs its token
const noToken: RelayMessageToTwilio = { type: "text", last: true };
// @ts-expect-error handoffData is text: JSON.stringify it
const objectHandoff: RelayMessageToTwilio = { type: "end", handoffData: { reason: "agent" } };
// @ts-expect-error prompts come from Twilio, never to it
const wrongWay: RelayMessageToTwilio = { type: "prompt", voicePrompt: "hi", lang: "en-US", last: true };
void [noToken, objectHandoff, wrongWay];

const audio: StreamMessageToTwilio = { event: "media", streamSid: "MZ1", media: { payload: "AAAA" } };
// @ts-expect-error a clear names the stream
const clearAll: StreamMessageToTwilio = { event: "clear" };
void [audio, clearAll];
