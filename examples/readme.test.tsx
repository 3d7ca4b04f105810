// The "Testing call flows" example of the README, as written there.
import { expect, test } from "vitest";
import { simulateCall, simulateMessage } from "twiml-jsx/testing";
import { createHandler } from "./app.js";

test("pressing 3 leads to the voicemail", async () => {
  const result = await simulateCall({
    app: createHandler(),
    url: "https://example.com/voice/menu",
    from: "+15550123",
    to: "+15550199",
    input: ["3", { record: { duration: 12, digits: "#" } }],
  });
  expect(result.heard.at(-1)).toBe("Thanks for your message. Goodbye.");
  expect(result.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
    "POST /voice/menu",
    "POST /voice/menu/choice",
    "POST /voice/voicemail",
    "POST /voice/voicemail",
  ]);
  expect(result.end).toBe("hangup");
});

test("the SMS auto-reply answers MENU with pictures", async () => {
  const result = await simulateMessage({
    app: createHandler(),
    url: "https://example.com/sms",
    from: "+15550123",
    to: "+15550199",
    body: "MENU",
  });
  expect(result.replies[0]?.media.length).toBe(2);
});
