// Open-ended input: whatever a script holds and whatever an app answers, a simulation resolves to a result;
// keys at a Gather are collected as Twilio documents (https://www.twilio.com/docs/voice/twiml/gather).
import fc from "fast-check";
import { Connect, Dial, Enqueue, Gather, Pay, Record, Refer, Say, Sip, Stream, VoiceResponse } from "twiml-jsx";
import { expect, test } from "vitest";
import { simulateCall } from "../../src/testing/index.js";
import type { App, CallerInput } from "../../src/testing/types.js";
import { FROM, routes, TO } from "./both-ways.js";

const ENDS = ["hangup", "reject", "completed", "error"];

const everyWait = routes({
  "/": () => (
    <VoiceResponse>
      <Gather input={["dtmf", "speech"]} action="/1" actionOnEmptyResult>
        <Say>Choose.</Say>
      </Gather>
    </VoiceResponse>
  ),
  "/1": () => (
    <VoiceResponse>
      <Record action="/2" />
    </VoiceResponse>
  ),
  "/2": () => (
    <VoiceResponse>
      <Dial action="/3">+15550009999</Dial>
    </VoiceResponse>
  ),
  "/3": () => (
    <VoiceResponse>
      <Enqueue action="/4">support</Enqueue>
    </VoiceResponse>
  ),
  "/4": () => (
    <VoiceResponse>
      <Pay action="/5" />
    </VoiceResponse>
  ),
  "/5": () => (
    <VoiceResponse>
      <Connect action="/6">
        <Stream url="wss://example.com/a" />
      </Connect>
    </VoiceResponse>
  ),
  "/6": () => (
    <VoiceResponse>
      <Refer action="/7">
        <Sip>sip:a@example.com</Sip>
      </Refer>
    </VoiceResponse>
  ),
  "/7": () => (
    <VoiceResponse>
      <Say loop={0}>Bye.</Say>
    </VoiceResponse>
  ),
});

test("any script resolves to a result with one of the four ends", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.anything(), { maxLength: 10 }), async (script) => {
      const result = await simulateCall({ app: everyWait, from: FROM, to: TO, input: script as CallerInput[] });
      expect([ENDS.includes(result.end), result.end === "error" ? typeof result.error?.message : "string"]).toEqual([true, "string"]);
    }),
    { numRuns: 100 },
  );
});

test("any answer of any content type resolves to a result", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.string({ maxLength: 300 }),
      fc.constantFrom("text/xml", "application/xml", "text/html", "text/plain", "audio/mpeg", "application/json", ""),
      fc.integer({ min: 200, max: 599 }),
      async (body, type, status) => {
        const app: App = () =>
          new Response(status === 204 || status === 205 || status === 304 ? null : body, {
            status,
            headers: type === "" ? {} : { "content-type": type },
          });
        const result = await simulateCall({ app, from: FROM, to: TO, allowUnusedInput: true, input: ["1"] });
        expect(ENDS.includes(result.end)).toBe(true);
      },
    ),
    { numRuns: 100 },
  );
});

test("a Gather sends the keys before finishOnKey, at most numDigits of them", async () => {
  const app = (numDigits: number | undefined, finishOnKey: string): App =>
    routes({
      "/": () => (
        <VoiceResponse>
          <Gather action="/done" numDigits={numDigits} finishOnKey={finishOnKey} actionOnEmptyResult />
        </VoiceResponse>
      ),
      "/done": () => <VoiceResponse />,
    });
  await fc.assert(
    fc.asyncProperty(
      fc.stringMatching(/^[0-9*#]{1,12}$/),
      fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      fc.constantFrom("#", "*", ""),
      async (keys, numDigits, finishOnKey) => {
        const result = await simulateCall({ app: app(numDigits, finishOnKey), from: FROM, to: TO, input: [keys] });
        const end = finishOnKey === "" ? -1 : keys.indexOf(finishOnKey);
        const typed = end === -1 ? keys : keys.slice(0, end);
        const expected = typed.slice(0, numDigits ?? typed.length);
        expect(result.requests[1]?.params.Digits ?? "").toBe(expected);
      },
    ),
    { numRuns: 100 },
  );
});
