// The words of a caller's script: what the types refuse is refused at run time too, for scripts written in
// JavaScript or built from data, with the words a script may use.
import { Dial, Record, VoiceResponse } from "twiml-jsx";
import { expect, test } from "vitest";
import { simulateCall } from "../../src/testing/index.js";
import type { CallerInput } from "../../src/testing/types.js";
import { FROM, routes, TO } from "./both-ways.js";

const app = routes({
  "/": () => (
    <VoiceResponse>
      <Dial>+15550009999</Dial>
      <Record action="/saved" />
    </VoiceResponse>
  ),
  "/saved": () => <VoiceResponse />,
});

const WORDS =
  'use keys ("1#"), { speech }, { silence: true }, { hangup: true }, ' +
  "{ dial: completed|answered|busy|no-answer|failed|canceled }, { record: { duration, end: silence|key|max-length|hangup } }, " +
  "{ queue: bridged|leave|hangup|redirected|queue-full|error|system-error }, " +
  "{ pay: success|payment-connector-error|caller-interrupted-with-star|caller-hung-up|validation-error|too-many-failed-attempts|internal-error|input-timeout }, " +
  "{ connect: {…} } or { refer: status }";

async function refused(input: CallerInput): Promise<string | undefined> {
  return (await simulateCall({ app, from: FROM, to: TO, input: [input] })).error?.message;
}

test("a dial outcome Twilio does not report is refused", async () => {
  // @ts-expect-error "bridged" is a queue result, not a DialCallStatus
  const input: CallerInput = { dial: "bridged" };
  expect(await refused(input)).toBe(`the script's input 1 ({"dial":"bridged"}) is not something a caller can do: ${WORDS}`);
});

test("a recording that ends in a way Twilio does not have is refused", async () => {
  // @ts-expect-error a recording ends by silence, a key, maxLength or a hangup
  const input: CallerInput = { record: { duration: 3, end: "later" } };
  expect(await refused(input)).toBe(
    `the script's input 1 ({"record":{"duration":3,"end":"later"}}) is not something a caller can do: ${WORDS}`,
  );
});

test("an object that is no caller input is refused", async () => {
  // @ts-expect-error keys are a string, not { digits }
  const input: CallerInput = { digits: "1" };
  expect(await refused(input)).toBe(`the script's input 1 ({"digits":"1"}) is not something a caller can do: ${WORDS}`);
});

test("{ hangup: false } is refused: a script says what the caller does", async () => {
  // @ts-expect-error hangup is only ever true
  const input: CallerInput = { hangup: false };
  expect(await refused(input)).toBe(`the script's input 1 ({"hangup":false}) is not something a caller can do: ${WORDS}`);
});
