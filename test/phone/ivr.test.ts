// The phone in a real headless Chromium, calling the example app (examples/app.tsx) over loopback: every
// step through the page's accessible roles and names, as a screen reader user would.
import type { Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { createApp } from "../../examples/app.js";
import { close, launchChromium, listen, withPhone as withPhoneOn, type Session } from "./browser.js";

// A browser test clicks, waits for the page and the app: more than the default five seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

let browser: Browser;
let app: Server;
let origin: string;

beforeAll(async () => {
  browser = await launchChromium();
  app = createApp({ onError: () => {} });
  origin = await listen(app);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (app !== undefined) await close(app);
});

/** A phone on the example app, with a caller the app does not know (it greets known callers by name). */
function withPhone(test: (session: Session) => Promise<void>, width?: number): Promise<void> {
  const options = { url: `${origin}/voice/menu`, smsUrl: `${origin}/sms`, from: "+15550111" };
  return withPhoneOn(browser, options, test, width === undefined ? undefined : { width, height: 900 });
}

const GREETING =
  "Thanks for calling Acme. For sales, press 1 or say sales. For technical support, press 2 or say support. For billing questions, press 3 or say billing.";
const MENU_PROMPT = '<Gather input="dtmf speech" numDigits="1" action="/voice/menu/choice?attempt=1" hints="sales,support,billing">';

function captions(session: Session): Promise<string[]> {
  return session.page.getByRole("log", { name: "Captions" }).locator("p").allTextContents();
}

/** The first line of each timeline entry: requests as `METHOD URL`, responses by status, verbs, the end. */
async function timeline(session: Session): Promise<string[]> {
  const entries = session.page.getByRole("region", { name: "Timeline" }).locator("#timeline > li");
  return entries.evaluateAll((items) => items.map((item) => (item.querySelector("summary") ?? item).textContent ?? ""));
}

async function waitingAt(session: Session, verb: string): Promise<void> {
  await session.page
    .getByRole("status")
    .filter({ hasText: `Waiting: <${verb}>` })
    .waitFor();
}

async function ended(session: Session): Promise<string> {
  await session.page.getByRole("button", { name: "Call" }).and(session.page.locator(":enabled")).waitFor();
  return (await session.page.getByRole("status").textContent()) ?? "";
}

/** Calls, chooses billing with `choose`, and waits at the voicemail's <Record>, recording from the microphone. */
async function reachVoicemail(session: Session, choose: () => Promise<void>): Promise<void> {
  await session.page.getByRole("button", { name: "Call" }).click();
  await waitingAt(session, "Gather");
  await choose();
  await waitingAt(session, "Record");
  await session.page.getByRole("button", { name: "Stop recording" }).waitFor();
}

async function mermaid(session: Session): Promise<string> {
  return (await session.page.getByRole("region", { name: "Map" }).locator("pre").textContent()) ?? "";
}

test("the page offers its controls by role and name: Call, Hang up, the twelve keys, Captions, Timeline, Map", async () => {
  await withPhone(async ({ page }) => {
    expect(await page.getByRole("button", { name: "Call", exact: true }).isEnabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Hang up" }).isDisabled()).toBe(true);
    const keys = await page
      .getByRole("group", { name: "Keypad" })
      .getByRole("button")
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label")));
    expect(keys).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"]);
    for (const key of keys) expect(await page.getByRole("button", { name: key!, exact: true }).count()).toBe(1);
    expect(await page.getByRole("log", { name: "Captions" }).getAttribute("aria-live")).toBe("polite");
    expect(await page.getByRole("region", { name: "Timeline" }).count()).toBe(1);
    expect(await page.getByRole("region", { name: "Map" }).count()).toBe(1);
    expect(await page.getByLabel("From").inputValue()).toBe("+15550111");
    expect(await page.getByLabel("Voice URL").inputValue()).toBe(`${origin}/voice/menu`);
  });
});

// https://www.twilio.com/docs/voice/twiml/gather: nested <Say> is heard, then the call waits for input.
test("a call to the IVR shows the menu as captions and waits at the <Gather>", async () => {
  await withPhone(async (session) => {
    await session.page.getByRole("button", { name: "Call" }).click();
    await waitingAt(session, "Gather");
    expect(await session.page.locator("#prompt-text").textContent()).toBe(`Waiting at ${MENU_PROMPT}: press keys or say something`);
    expect(await captions(session)).toEqual([GREETING]);
    expect(await session.page.getByRole("button", { name: "Hang up" }).isEnabled()).toBe(true);
    await session.screenshot("1-menu");
  });
});

test("hanging up at the menu ends the call as a hangup, with no further request", async () => {
  await withPhone(async (session) => {
    await session.page.getByRole("button", { name: "Call" }).click();
    await waitingAt(session, "Gather");
    await session.page.getByRole("button", { name: "Hang up" }).click();
    expect(await ended(session)).toBe("Call ended: hangup");
    expect(await timeline(session)).toEqual([
      `POST ${origin}/voice/menu`,
      "200 text/xml; charset=utf-8 (751 characters)",
      `▶ ${MENU_PROMPT}`,
      "Call ended: hangup",
    ]);
    await session.screenshot("2-hung-up");
  });
});

// https://www.twilio.com/docs/voice/twiml/record: without an action, Twilio posts the recording to the
// document's own URL and runs the TwiML it returns.
test("keys lead to voicemail; the microphone's recording is served by the phone at the RecordingUrl the app receives", async () => {
  await withPhone(async (session) => {
    const { page } = session;
    await reachVoicemail(session, () => page.getByRole("button", { name: "3", exact: true }).click());
    await session.screenshot("3-recording");
    await page.waitForTimeout(1200);
    await page.getByRole("button", { name: "Stop recording" }).click();
    expect(await ended(session)).toBe("Call ended: hangup");
    expect(await captions(session)).toEqual([
      GREETING,
      "Please leave your account number and a message, and billing will call you back.",
      "Please leave a message after the tone.",
      "Thanks for your message. Goodbye.",
    ]);
    const recordingUrl = await page
      .locator("#timeline .request")
      .last()
      .locator("tr", { hasText: "RecordingUrl" })
      .locator("td")
      .textContent();
    expect(recordingUrl).toMatch(new RegExp(`^${session.phone.url}recordings/RE[0-9a-f]{32}$`));
    const recording = await fetch(recordingUrl!);
    expect(recording.headers.get("content-type")).toMatch(/^audio\/webm/);
    expect((await recording.arrayBuffer()).byteLength).toBeGreaterThan(100);
    await session.screenshot("4-voicemail-left");
  });
});

test("the timeline lists every request, response and verb of the voicemail call in order", async () => {
  await withPhone(async (session) => {
    const { page } = session;
    // The keyboard's keys press the keypad's.
    await reachVoicemail(session, () => page.keyboard.press("3"));
    await page.getByRole("button", { name: "Stop recording" }).click();
    await ended(session);
    const entries = await timeline(session);
    expect(entries.filter((e) => /^(GET|POST) /.test(e))).toEqual([
      `POST ${origin}/voice/menu`,
      `POST ${origin}/voice/menu/choice?attempt=1`,
      `POST ${origin}/voice/voicemail`,
      `POST ${origin}/voice/voicemail`,
    ]);
    expect(entries.filter((e) => e.startsWith("▶"))).toEqual([
      `▶ ${MENU_PROMPT}`,
      '▶ <Say voice="Polly.Joanna">',
      "▶ <Redirect>",
      '▶ <Say voice="woman">',
      '▶ <Record maxLength="20">',
      '▶ <Say voice="woman">',
      "▶ <Hangup>",
    ]);
    const choice = page.locator("#timeline .request").nth(1);
    expect(await choice.locator("tr", { hasText: "Digits" }).first().locator("td").textContent()).toBe("3");
    const voicemail = page.locator("#timeline .response pre").nth(2);
    expect(await voicemail.textContent()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say voice="woman">Please leave a message after the tone.</Say>\n  <Record maxLength="20"/>\n</Response>',
    );
    expect(await voicemail.locator(".tag").allTextContents()).toEqual(["Response", "Say", "Say", "Record", "Response"]);
  });
});

test("the map shows the documents the call went through and the inputs between them, as SVG and Mermaid", async () => {
  await withPhone(async (session) => {
    const { page } = session;
    await reachVoicemail(session, () => page.getByRole("button", { name: "3", exact: true }).click());
    await page.getByRole("button", { name: "Stop recording" }).click();
    await ended(session);
    expect(await mermaid(session)).toBe(
      [
        "flowchart LR",
        '  n0(["Incoming call"])',
        '  n1["/voice/menu"]',
        '  n2["/voice/menu/choice?attempt=1"]',
        '  n3["/voice/voicemail"]',
        '  n4(("hangup"))',
        '  n0 -->|"call"| n1',
        '  n1 -->|"keys 3"| n2',
        '  n2 -->|"redirect"| n3',
        '  n3 -->|"recording"| n3',
        "  n3 --> n4",
        "",
      ].join("\n"),
    );
    const map = page.getByRole("region", { name: "Map" });
    expect(await map.getByRole("img").getAttribute("aria-label")).toBe("Flow map: 5 nodes, 5 edges");
    expect(await map.locator("svg .node text").allTextContents()).toEqual([
      "Incoming call",
      "/voice/menu",
      "/voice/menu/choice?attempt=1",
      "/voice/voicemail",
      "hangup",
    ]);
    expect(await map.locator("svg .edge > text").allTextContents()).toEqual(["call", "keys 3", "redirect", "recording"]);
    await session.screenshot("5-map");
  });
});

test("the map grows as a second call takes another way", async () => {
  await withPhone(async (session) => {
    const { page } = session;
    for (const say of ["billing", "support"]) {
      await page.getByRole("button", { name: "Call" }).click();
      await waitingAt(session, "Gather");
      await page.getByLabel("Speech").fill(say);
      await page.getByRole("button", { name: "Say it" }).click();
      await waitingAt(session, say === "billing" ? "Record" : "Dial");
      await page.getByRole("button", { name: "Hang up" }).click();
      await ended(session);
    }
    expect((await mermaid(session)).split("\n").filter((line) => line.includes("-->"))).toEqual([
      '  n0 -->|"call"| n1',
      '  n1 -->|"said #quot;billing#quot;"| n2',
      '  n2 -->|"redirect"| n3',
      '  n3 -->|"recording"| n3',
      "  n3 --> n4",
      '  n1 -->|"said #quot;support#quot;"| n2',
      // Hanging up during the <Dial> still requests its action: https://www.twilio.com/docs/voice/twiml/dial#action
      '  n2 -->|"dial completed"| n5',
      "  n5 --> n4",
    ]);
  });
});

// https://www.twilio.com/docs/voice/twiml/dial#dialcallstatus: the action receives how the dial ended.
test("a <Dial> offers its outcomes as buttons; no answer goes on to voicemail", async () => {
  await withPhone(async (session) => {
    const { page } = session;
    await page.getByRole("button", { name: "Call" }).click();
    await waitingAt(session, "Gather");
    await page.getByRole("button", { name: "1", exact: true }).click();
    await waitingAt(session, "Dial");
    const outcomes = await page.locator("#outcomes button").allTextContents();
    expect(outcomes).toEqual(["Dial completed", "Dial answered", "Dial busy", "Dial no-answer", "Dial failed", "Dial canceled"]);
    await session.screenshot("6-dial");
    await page.getByRole("button", { name: "Dial no-answer" }).click();
    await waitingAt(session, "Record");
    await page.getByRole("button", { name: "Hang up" }).click();
    expect(await ended(session)).toBe("Call ended: hangup");
    const requests = (await timeline(session)).filter((e) => /^(GET|POST) /.test(e));
    expect(requests.slice(2)).toEqual([
      `POST ${origin}/voice/forward/after`,
      `POST ${origin}/voice/voicemail`,
      `POST ${origin}/voice/voicemail`,
    ]);
    const after = page.locator("#timeline .request").nth(2);
    expect(await after.locator("tr", { hasText: "DialCallStatus" }).locator("td").textContent()).toBe("no-answer");
  });
});

test("the page is usable at a phone's width", async () => {
  await withPhone(async (session) => {
    await session.page.getByRole("button", { name: "Call" }).click();
    await waitingAt(session, "Gather");
    // Evaluated in the page (the tests are typed without the DOM library).
    const width = await session.page.evaluate("document.documentElement.scrollWidth");
    expect(width).toBe(390);
    await session.screenshot("7-phone-width");
  }, 390);
});
