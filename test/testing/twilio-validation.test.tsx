// The simulator signs requests as Twilio does: the `twilio` package's own validation accepts every one of
// them, over GET and POST, across a whole flow.
import twilio from "twilio";
import { Gather, Redirect, Say, VoiceResponse, render } from "twiml-jsx";
import { expect, test } from "vitest";
import { simulateCall, simulateMessage } from "../../src/testing/index.js";

const TOKEN = "auth-token-0123456789";

/** An app that checks each request with twilio's `validateRequest` and answers from a table of documents. */
function validatingApp(documents: Record<string, string>): { app: (request: Request) => Promise<Response>; verdicts: boolean[] } {
  const verdicts: boolean[] = [];
  const app = async (request: Request): Promise<Response> => {
    const url = request.url;
    const params: Record<string, string> = {};
    if (request.method === "POST") for (const [k, v] of new URLSearchParams(await request.text())) params[k] = v;
    verdicts.push(twilio.validateRequest(TOKEN, request.headers.get("x-twilio-signature") ?? "", url, params));
    const body = documents[new URL(url).pathname] ?? render(<VoiceResponse />);
    return new Response(body, { headers: { "content-type": "text/xml" } });
  };
  return { app, verdicts };
}

test("every request of a call, GET and POST, passes twilio's validateRequest", async () => {
  const { app, verdicts } = validatingApp({
    "/start": render(
      <VoiceResponse>
        <Gather numDigits={1} action="/choice?step=2" method="GET">
          <Say>Press a key, O'Brien &amp; co.</Say>
        </Gather>
      </VoiceResponse>,
    ),
    "/choice": render(
      <VoiceResponse>
        <Redirect method="POST">/end?lang=fr</Redirect>
      </VoiceResponse>,
    ),
  });
  const result = await simulateCall({
    app,
    url: "https://example.com/start",
    from: "+15550001111",
    to: "+15550002222",
    authToken: TOKEN,
    input: ["7"],
  });
  expect(result.requests.map((r) => r.method)).toEqual(["POST", "GET", "POST"]);
  expect(verdicts).toEqual([true, true, true]);
});

test("a request signed with another token fails twilio's validateRequest", async () => {
  const { app, verdicts } = validatingApp({});
  await simulateCall({ app, url: "https://example.com/start", from: "+15550001111", to: "+15550002222", authToken: "another-token" });
  expect(verdicts).toEqual([false]);
});

test("an incoming message's request passes twilio's validateRequest, Unicode body included", async () => {
  const { app, verdicts } = validatingApp({});
  await simulateMessage({
    app,
    url: "https://example.com/sms",
    from: "+15550001111",
    to: "+15550002222",
    body: "Café ☕ 日本",
    authToken: TOKEN,
  });
  expect(verdicts).toEqual([true]);
});
