// The phone in a real headless Chromium: a flow that plays the caller's recording back, a ConversationRelay
// agent on a real WebSocket, an SMS conversation with the example app, and what the page weighs and how soon
// it answers.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync, mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { Connect, ConversationRelay, Gather, Hangup, Pause, Play, Record, Say, VoiceResponse } from "twiml-jsx";
import {
  parseRelayMessage,
  toNodeHandler,
  webhook,
  type RecordParams,
  type RelayMessageFromTwilio,
  type RelayMessageToTwilio,
} from "twiml-jsx/server";
import { WebSocketServer } from "ws";
import { createApp } from "../../examples/app.js";
import { PAGE } from "../../src/phone/page.js";
import { ARTIFACTS, close, launchChromium, listen, withPhone } from "./browser.js";

// A browser test clicks, waits for the page and the app: more than the default five seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

let browser: Browser;
let app: Server;
let origin: string;
let playback: Server;
let playbackOrigin: string;

/** Records a message, then plays it back: the app only knows the recording by the RecordingUrl it receives. */
const record = webhook(() => (
  <VoiceResponse>
    <Say>Leave a message after the beep.</Say>
    <Record action="/played" maxLength={10} />
  </VoiceResponse>
));
const played = webhook<RecordParams>(({ params }) => (
  <VoiceResponse>
    <Say>You said:</Say>
    <Play>{params.RecordingUrl}</Play>
    <Hangup />
  </VoiceResponse>
));

let keys: Server;
let keysOrigin: string;

/** A <Gather> without numDigits or finishOnKey: it takes what was typed once `timeout` seconds pass. */
const ask = webhook(() => (
  <VoiceResponse>
    <Gather action="/got" timeout={1} finishOnKey="">
      <Say>Enter your code.</Say>
    </Gather>
  </VoiceResponse>
));
const got = webhook(({ params }) => (
  <VoiceResponse>
    <Say>{`You entered ${params.Digits}.`}</Say>
    <Pause length={3} />
    <Say>Goodbye.</Say>
  </VoiceResponse>
));

let relay: Server;
let relayOrigin: string;
let agent: WebSocketServer;
let agentOrigin: string;
/** Every message the agent received, in order. */
const agentHeard: RelayMessageFromTwilio[] = [];

/** The agent's public address in the TwiML: Twilio connects only to `wss://`; the phone opens a loopback socket instead. */
const AGENT_URL = "wss://agent.example.com/relay";

const converse = webhook(() => (
  <VoiceResponse>
    <Connect action="/session">
      <ConversationRelay url={AGENT_URL} dtmfDetection welcomeGreeting="Press a key or say something." />
    </Connect>
  </VoiceResponse>
));
const session = webhook(({ params }) => (
  <VoiceResponse>
    <Say>{`Session ${params.SessionStatus}.`}</Say>
  </VoiceResponse>
));

/** Repeats each key and each utterance; `#` ends the session. */
function agentReply(message: RelayMessageFromTwilio): RelayMessageToTwilio | null {
  if (message.type === "dtmf")
    return message.digit === "#" ? { type: "end" } : { type: "text", token: `You pressed ${message.digit}.`, last: true };
  if (message.type === "prompt" && message.last) return { type: "text", token: `You said ${message.voicePrompt}.`, last: true };
  return null;
}

beforeAll(async () => {
  browser = await launchChromium();
  relay = createServer(toNodeHandler((request) => (new URL(request.url).pathname === "/session" ? session(request) : converse(request))));
  relayOrigin = await listen(relay);
  agent = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => agent.once("listening", resolve));
  agentOrigin = `ws://127.0.0.1:${(agent.address() as AddressInfo).port}`;
  agent.on("connection", (socket) => {
    socket.on("message", (data: Buffer) => {
      const message = parseRelayMessage(data.toString("utf8"));
      agentHeard.push(message);
      const reply = agentReply(message);
      if (reply !== null) socket.send(JSON.stringify(reply));
    });
  });
  app = createApp({ onError: () => {} });
  origin = await listen(app);
  playback = createServer(toNodeHandler((request) => (new URL(request.url).pathname === "/played" ? played(request) : record(request))));
  playbackOrigin = await listen(playback);
  keys = createServer(toNodeHandler((request) => (new URL(request.url).pathname === "/got" ? got(request) : ask(request))));
  keysOrigin = await listen(keys);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (app !== undefined) await close(app);
  if (playback !== undefined) await close(playback);
  if (keys !== undefined) await close(keys);
  if (relay !== undefined) await close(relay);
  await new Promise((resolve) => agent?.close(resolve));
});

// https://www.twilio.com/docs/voice/twiml/gather#timeout: the keys typed so far are submitted once the caller
// has pressed nothing for `timeout` seconds.
test("keys typed at a <Gather> are sent after its timeout; a <Pause> counts down", async () => {
  await withPhone(browser, { url: `${keysOrigin}/ask` }, async (session) => {
    const { page } = session;
    await page.getByRole("button", { name: "Call" }).click();
    await page.getByRole("status").filter({ hasText: "Waiting: <Gather>" }).waitFor();
    await page.getByRole("button", { name: "4" }).click();
    await page.getByRole("button", { name: "2" }).click();
    expect(await page.locator("#prompt-text").textContent()).toBe("Keys: 42");
    await page.getByRole("status").filter({ hasText: "Call ended: completed" }).waitFor();
    // The page plays the call at the speed of speech, after the simulator has run it.
    await page.locator("#sound", { hasText: "Pause: 3 s" }).waitFor();
    await page.locator("#sound", { hasText: "Pause: 1 s" }).waitFor();
    const captions = await page.getByRole("log", { name: "Captions" }).locator("p").allTextContents();
    expect(captions).toEqual(["Enter your code.", "You entered 42.", "Goodbye."]);
  });
});

// https://www.twilio.com/docs/api/errors/11200: a webhook that answers an error status ends the call.
test("a simulator error shows in the timeline with its code; a linter's problems show under the response", async () => {
  const lint = (xml: string) =>
    xml.includes("<Gather") ? [{ code: "TWIML999", message: "stand-in problem for the display", path: "Response > Gather[0]" }] : [];
  await withPhone(browser, { url: `${origin}/voice/menu`, lint }, async (session) => {
    const { page } = session;
    await page.getByRole("button", { name: "Call" }).click();
    await page.getByRole("status").filter({ hasText: "Waiting: <Gather>" }).waitFor();
    const timeline = page.getByRole("region", { name: "Timeline" });
    expect(await timeline.locator(".problem").allTextContents()).toEqual([
      "TWIML999 stand-in problem for the display at Response > Gather[0]",
    ]);
    await page.getByRole("button", { name: "Hang up" }).click();
    await page.getByLabel("Voice URL").fill(`${origin}/voice/missing`);
    await page.getByRole("button", { name: "Call" }).click();
    const error = `Call ended with error 11200: HTTP retrieval failure: POST ${origin}/voice/missing answered 404`;
    await page.getByRole("status").filter({ hasText: error }).waitFor();
    expect(await timeline.locator(".error").allTextContents()).toEqual([error]);
    await session.screenshot("10-error");
  });
});

test("the numbers typed are remembered when the page is opened again; Mute is a toggle", async () => {
  await withPhone(browser, { url: `${keysOrigin}/ask` }, async (session) => {
    const { page } = session;
    await page.getByLabel("From").fill("+15550777");
    await page.getByLabel("To").fill("+15550888");
    await page.getByRole("button", { name: "Call" }).click();
    await page.getByRole("button", { name: "Hang up" }).click();
    await page.reload();
    await page.getByRole("status").filter({ hasText: "Ready" }).waitFor();
    expect(await page.getByLabel("From").inputValue()).toBe("+15550777");
    expect(await page.getByLabel("To").inputValue()).toBe("+15550888");
    const mute = page.getByRole("button", { name: "Mute" });
    await mute.click();
    expect(await mute.getAttribute("aria-pressed")).toBe("true");
    await mute.click();
    expect(await mute.getAttribute("aria-pressed")).toBe("false");
  });
});

// https://www.twilio.com/docs/voice/conversationrelay/websocket-messages#dtmf-message: with dtmfDetection, each key
// the caller presses reaches the agent as its own `dtmf` message; what they say arrives as a `prompt`.
test("at a <ConversationRelay dtmfDetection> the keypad sends each key and the speech box sends words to the agent", async () => {
  const options = { url: `${relayOrigin}/converse`, webSocketUrl: (url: string) => url.replace("wss://agent.example.com", agentOrigin) };
  await withPhone(browser, options, async (phone) => {
    const { page } = phone;
    const captions = page.getByRole("log", { name: "Captions" }).locator("p");
    const waiting = page.locator("#prompt-text", { hasText: 'Waiting at <Connect action="/session">: press keys or say something' });
    await page.getByRole("button", { name: "Call" }).click();
    await waiting.waitFor();
    await page.getByRole("button", { name: "4" }).click();
    await captions.filter({ hasText: "You pressed 4." }).waitFor();
    await waiting.waitFor();
    await page.getByLabel("Speech").fill("opening hours");
    await page.getByRole("button", { name: "Say it" }).click();
    await captions.filter({ hasText: "You said opening hours." }).waitFor();
    await waiting.waitFor();
    await phone.screenshot("11-relay");
    await page.getByRole("button", { name: "#" }).click();
    await page.getByRole("status").filter({ hasText: "Call ended: completed" }).waitFor();
    expect(await captions.allTextContents()).toEqual([
      "Press a key or say something.",
      "You pressed 4.",
      "You said opening hours.",
      "Session completed.",
    ]);
    expect(
      agentHeard.map((message) =>
        message.type === "dtmf" ? `dtmf ${message.digit}` : message.type === "prompt" ? `prompt ${message.voicePrompt}` : message.type,
      ),
    ).toEqual(["setup", "dtmf 4", "prompt opening hours", "dtmf #"]);
  });
});

// https://www.twilio.com/docs/voice/twiml/record#action: the action receives RecordingUrl; playing it is what a
// "listen to your message" flow does.
test("a flow that plays the recording back makes the browser fetch it from the phone", async () => {
  await withPhone(browser, { url: `${playbackOrigin}/record` }, async (session) => {
    const { page } = session;
    await page.getByRole("button", { name: "Call" }).click();
    await page.getByRole("button", { name: "Stop recording" }).waitFor();
    await page.waitForTimeout(1000);
    const fetched = page.waitForResponse((response) => response.url().startsWith(`${session.phone.url}recordings/RE`));
    await page.getByRole("button", { name: "Stop recording" }).click();
    const response = await fetched;
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^audio\/webm/);
    const captions = await page.getByRole("log", { name: "Captions" }).locator("p").allTextContents();
    expect(captions).toEqual(["Leave a message after the beep.", "You said:", `[play ${response.url()}]`]);
    await session.screenshot("8-playback");
  });
});

// https://www.twilio.com/docs/messaging/twiml: each <Message> is a reply, with its <Media>.
test("an SMS conversation shows the texts sent and the replies with their media", async () => {
  await withPhone(browser, { url: `${origin}/voice/menu`, smsUrl: `${origin}/sms` }, async (session) => {
    const { page } = session;
    const conversation = page.getByRole("log", { name: "Conversation" });
    for (const text of ["MENU", "hours"]) {
      await page.getByLabel("Message", { exact: true }).fill(text);
      await page.getByRole("button", { name: "Send" }).click();
      await conversation
        .locator(".received")
        .nth(text === "MENU" ? 0 : 1)
        .waitFor();
    }
    expect(await conversation.locator("li").allTextContents()).toEqual([
      "MENU",
      "Here is today's menu. Bon appétit!",
      "hours",
      "We're open Monday to Friday 9am-6pm & Saturday 10am-4pm.",
    ]);
    expect(await conversation.getByRole("img").evaluateAll((images) => images.map((i) => i.getAttribute("alt")))).toEqual([
      "Media: https://example.com/menu/today.jpg?w=800&h=600",
      "Media: https://example.com/menu/desserts.jpg?w=800&h=600",
    ]);
    const requests = page.getByRole("region", { name: "Timeline" }).locator(".request");
    expect(await requests.locator("summary").allTextContents()).toEqual([`POST ${origin}/sms`, `POST ${origin}/sms`]);
    expect(await requests.nth(1).locator("tr", { hasText: "Body" }).locator("td").textContent()).toBe("hours");
    const mermaid = await page.getByRole("region", { name: "Map" }).locator("pre").textContent();
    expect(mermaid).toBe(
      'flowchart LR\n  n0(["Incoming message"])\n  n1["/sms"]\n  n0 -->|"text #quot;MENU#quot;"| n1\n  n0 -->|"text #quot;hours#quot;"| n1\n',
    );
    await session.screenshot("9-messages");
  });
});

test("the page is small and interactive soon after it loads (figures saved with the screenshots)", async () => {
  await withPhone(browser, { url: `${origin}/voice/menu` }, async (session) => {
    // Evaluated in the page (the tests are typed without the DOM library). `phone-ready` is marked once the
    // page has its settings and map and the Call button is enabled.
    const timing = (await session.page.evaluate(
      `({ domInteractive: performance.getEntriesByType("navigation")[0].domInteractive, ready: performance.getEntriesByName("phone-ready")[0].startTime })`,
    )) as { domInteractive: number; ready: number };
    const bytes = { html: Buffer.byteLength(PAGE.html), style: Buffer.byteLength(PAGE.style), script: Buffer.byteLength(PAGE.script) };
    const total = bytes.html + bytes.style + bytes.script;
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(new URL("metrics.json", ARTIFACTS), `${JSON.stringify({ bytes: { ...bytes, total }, milliseconds: timing }, null, 2)}\n`);
    expect(total).toBeLessThan(48 * 1024);
    expect(timing.ready).toBeLessThan(2000);
  });
});
