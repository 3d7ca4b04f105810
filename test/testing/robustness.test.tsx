// A simulation always resolves to a result: slow or silent servers, deep documents and refused URL schemes end
// the call with Twilio's error code instead of rejecting or hanging.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redirect, Say, VoiceResponse } from "twiml-jsx";
import { afterEach, describe, expect, test } from "vitest";
import { simulateCall, simulateMessage } from "../../src/testing/index.js";
import type { App } from "../../src/testing/types.js";
import { FROM, routes, TO } from "./both-ways.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(listener: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe("time limits (Twilio gives a webhook about 15 seconds: https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides)", () => {
  test("a server that sends its headers and then drips its body ends the call with 11205", async () => {
    const url = await serve((_, response) => {
      response.writeHead(200, { "content-type": "text/xml" });
      response.write("<Response>");
      const drip = setInterval(() => response.write(" "), 20);
      response.on("close", () => clearInterval(drip));
    });
    const result = await simulateCall({ url, from: FROM, to: TO, timeout: 200 });
    expect([result.end, result.error]).toEqual([
      "error",
      { code: 11205, message: `HTTP connection failure: POST ${url} did not answer in full within 200 ms` },
    ]);
  });

  test("a server that never answers ends the call with 11205", async () => {
    const url = await serve(() => {});
    const result = await simulateCall({ url, from: FROM, to: TO, timeout: 100 });
    expect(result.error?.code).toBe(11205);
  });

  test("an in-process app whose promise never settles ends the call with 11205", async () => {
    const result = await simulateCall({ app: () => new Promise<Response>(() => {}), from: FROM, to: TO, timeout: 50 });
    expect(result.error).toEqual({
      code: 11205,
      message: "HTTP connection failure: POST http://localhost/ did not answer in full within 50 ms",
    });
  });

  test("an in-process app whose body never ends ends the call with 11205", async () => {
    const app: App = () =>
      new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode("<Response>")) }), {
        headers: { "content-type": "text/xml" },
      });
    const result = await simulateCall({ app, from: FROM, to: TO, timeout: 50 });
    expect(result.error?.code).toBe(11205);
  });

  test("a message whose app never answers ends with 11205", async () => {
    const result = await simulateMessage({ app: () => new Promise<Response>(() => {}), from: FROM, to: TO, body: "hi", timeout: 50 });
    expect([result.end, result.error?.code]).toEqual(["error", 11205]);
  });
});

describe("documents Twilio accepts however deep", () => {
  test("3,000 nested SSML elements in a 64 kB document are spoken, not a RangeError", async () => {
    const depth = 3000;
    const body = `<Response><Say>${"<emphasis>".repeat(depth)}deep${"</emphasis>".repeat(depth)}</Say></Response>`;
    const app: App = () => new Response(body, { headers: { "content-type": "text/xml" } });
    const result = await simulateCall({ app, from: FROM, to: TO });
    expect([body.length < 64 * 1024, result.heard, result.end]).toEqual([true, ["deep"], "completed"]);
  });

  test("3,000 nested unknown elements are recorded as an event, not a RangeError", async () => {
    const depth = 3000;
    const body = `<Response><Start>${"<x>".repeat(depth)}${"</x>".repeat(depth)}</Start></Response>`;
    const app: App = () => new Response(body, { headers: { "content-type": "text/xml" } });
    const result = await simulateCall({ app, from: FROM, to: TO });
    let levels = 0;
    for (let event = result.events[0]; event !== undefined; event = event.children?.[0]) levels++;
    expect([levels, result.end]).toEqual([depth + 1, "completed"]);
  });
});

describe("only http(s) URLs are fetched (https://www.twilio.com/docs/voice/twiml/redirect)", () => {
  test("a <Redirect> to a data: URL ends the call with 11100", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Redirect>data:text/xml,&lt;Response/&gt;</Redirect>
        </VoiceResponse>
      ),
    });
    const result = await simulateCall({ app, from: FROM, to: TO });
    expect([result.requests.length, result.error]).toEqual([
      1,
      {
        code: 11100,
        message: 'invalid URL "data:text/xml,<Response/>" (relative to http://localhost/): TwiML URLs must be http or https',
      },
    ]);
  });

  test("an HTTP redirect to a data: URL ends the call with 11216", async () => {
    const app: App = () => new Response(null, { status: 302, headers: { location: "data:text/xml,<Response><Say>Hi</Say></Response>" } });
    const result = await simulateCall({ app, from: FROM, to: TO });
    expect(result.error).toEqual({
      code: 11216,
      message:
        'HTTP invalid redirect: http://localhost/ redirected to "data:text/xml,<Response><Say>Hi</Say></Response>", which is not an http(s) URL',
    });
  });

  test("a first URL that is not http(s) ends the call with 11100", async () => {
    const result = await simulateCall({ url: "file:///etc/passwd", from: FROM, to: TO });
    expect([result.requests.length, result.error?.code]).toEqual([0, 11100]);
  });
});

test("a listener that throws cannot make the simulation reject", async () => {
  const app = routes({
    "/": () => (
      <VoiceResponse>
        <Say>Hi.</Say>
      </VoiceResponse>
    ),
  });
  const result = await simulateCall({
    app,
    from: FROM,
    to: TO,
    onEvent: () => {
      throw new Error("listener failed");
    },
  });
  expect([result.end, result.error]).toEqual(["error", { code: 0, message: "the simulation failed: listener failed" }]);
});
