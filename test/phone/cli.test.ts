import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { expect, test } from "vitest";
import { WebSocketServer } from "ws";
import type { CommandIO } from "../../src/cli/commands.js";
import { PHONE_HELP, run } from "../../src/phone/cli.js";
import { close, listen } from "./browser.js";
import { callEvents } from "./http.js";

function io(): CommandIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

test("--help prints the usage and exits 0", async () => {
  const streams = io();
  expect(await run(["--help"], streams)).toBe(0);
  expect(streams.out()).toBe(PHONE_HELP);
});

test("an unknown option is a usage error (exit 2) naming it", async () => {
  const streams = io();
  expect(await run(["--speaker"], streams)).toBe(2);
  expect(streams.err()).toBe(`twiml-jsx phone: unknown option --speaker\n\n${PHONE_HELP}`);
});

test("a URL that is not http(s) is a usage error with an example", async () => {
  const streams = io();
  expect(await run(["localhost:3000"], streams)).toBe(2);
  expect(streams.err().split("\n")[0]).toBe('twiml-jsx phone: URL must be an http(s) URL, not "localhost:3000"');
});

test("a port out of range is a usage error", async () => {
  const streams = io();
  expect(await run(["--port", "70000"], streams)).toBe(2);
  expect(streams.err().split("\n")[0]).toBe('twiml-jsx phone: --port takes a port number from 0 to 65535, not "70000"');
});

test("the command serves the page, prints where, and stops when told", async () => {
  const streams = io();
  const stop = new AbortController();
  const running = run(
    ["http://127.0.0.1:3000/voice/menu", "--sms-url=http://127.0.0.1:3000/sms", "--from", "+15550123"],
    streams,
    stop.signal,
  );
  await expect.poll(() => streams.out()).toMatch(/^twiml-jsx phone: open http:\/\/127\.0\.0\.1:\d+\/\n/);
  const page = /open (\S+)/.exec(streams.out())![1]!;
  const config = (await (await fetch(`${page}config`)).json()) as Record<string, unknown>;
  expect([config.url, config.smsUrl, config.from, config.to]).toEqual([
    "http://127.0.0.1:3000/voice/menu",
    "http://127.0.0.1:3000/sms",
    "+15550123",
    "+15550199",
  ]);
  expect(streams.out().split("\n").slice(1)).toEqual([
    "  calls    http://127.0.0.1:3000/voice/menu",
    "  texts    http://127.0.0.1:3000/sms",
    "  signing  off",
    "Ctrl-C to stop.",
    "",
  ]);
  stop.abort();
  expect(await running).toBe(0);
  expect(streams.out().endsWith("twiml-jsx phone: stopped.\n")).toBe(true);
});

test("a port already taken exits 1 with a hint", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const streams = io();
    expect(await run(["--port", String(port)], streams)).toBe(1);
    expect(streams.err()).toBe(
      `twiml-jsx phone: cannot listen on 127.0.0.1:${port} (listen EADDRINUSE: address already in use 127.0.0.1:${port}): the port is taken; choose another with --port, or --port 0 for a free one\n`,
    );
  } finally {
    blocker.close();
  }
});

// https://www.twilio.com/docs/voice/twiml/gather#nest-other-verbs: only <Say>, <Play> and <Pause> nest in <Gather>.
test("the command's phone shows the linter's problems under a response: a <Dial> inside a <Gather> is TWIML001", async () => {
  // Written by hand: the renderer refuses to write this document.
  const invalid = '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/next"><Dial>+15550100</Dial></Gather></Response>';
  const app = createHttpServer((_request, response) => response.writeHead(200, { "content-type": "text/xml" }).end(invalid));
  const origin = await listen(app);
  const streams = io();
  const stop = new AbortController();
  const running = run([`${origin}/voice`], streams, stop.signal);
  try {
    await expect.poll(() => streams.out()).toMatch(/^twiml-jsx phone: open http:\/\/127\.0\.0\.1:\d+\/\n/);
    const page = /open (\S+)\//.exec(streams.out())![1]!;
    const events = await callEvents(page, { url: `${origin}/voice`, from: "+15550100", to: "+15550199" }, []);
    const response = events.find((event) => event.type === "response")!;
    expect(response.body).toBe(invalid);
    expect(
      (response.problems as { code: string; message: string; path: string }[]).map(({ code, message, path }) => ({ code, message, path })),
    ).toEqual([
      {
        code: "TWIML001",
        message: "<Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) at Response > Gather[0] > Dial",
        path: "Response > Gather[0] > Dial",
      },
    ]);
  } finally {
    stop.abort();
    expect(await running).toBe(0);
    await close(app);
  }
});

test("--websocket-url must be a ws(s) URL", async () => {
  const streams = io();
  expect(await run(["--websocket-url", "https://agent.example.com/relay"], streams)).toBe(2);
  expect(streams.err().split("\n")[0]).toBe(
    'twiml-jsx phone: --websocket-url must be an absolute ws(s) URL such as ws://127.0.0.1:3000/agent, not "https://agent.example.com/relay"',
  );
});

// https://www.twilio.com/docs/voice/twiml/connect/conversationrelay: Twilio opens the wss:// URL of the TwiML;
// locally, the agent listens on loopback behind the tunnel that URL names.
test("--websocket-url opens every <ConversationRelay> socket at the address given, and is printed", async () => {
  const twiml = '<Response><Connect><ConversationRelay url="wss://agent.example.com/relay"/></Connect></Response>';
  const app = createHttpServer((_request, response) => response.writeHead(200, { "content-type": "text/xml" }).end(twiml));
  const origin = await listen(app);
  const agent = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => agent.once("listening", resolve));
  const opened: string[] = [];
  agent.on("connection", (socket, request) => {
    opened.push(request.url ?? "");
    // The agent ends the session as soon as it is set up.
    socket.on("message", () => socket.send(JSON.stringify({ type: "end" })));
  });
  const socketUrl = `ws://127.0.0.1:${(agent.address() as AddressInfo).port}/local-agent`;
  const streams = io();
  const stop = new AbortController();
  const running = run([`${origin}/voice`, "--websocket-url", socketUrl], streams, stop.signal);
  try {
    await expect.poll(() => streams.out()).toMatch(/Ctrl-C to stop\.\n$/);
    expect(streams.out().split("\n").at(-3)).toBe(`  relay    ${socketUrl}`);
    const page = /open (\S+)\//.exec(streams.out())![1]!;
    const events = await callEvents(page, { url: `${origin}/voice`, from: "+15550100", to: "+15550199" }, []);
    expect((events.find((event) => event.type === "end")!.result as { end: string }).end).toBe("completed");
    expect(opened).toEqual(["/local-agent"]);
  } finally {
    stop.abort();
    expect(await running).toBe(0);
    await close(app);
    await new Promise((resolve) => agent.close(resolve));
  }
});
