// A real headless Chromium for the phone's tests, the example app and a phone on loopback, and screenshots
// saved under test/phone/.artifacts/ (ignored by git).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { startPhone, type Phone, type PhoneOptions } from "../../src/phone/server.js";

export const ARTIFACTS = new URL("./.artifacts/", import.meta.url);

/** Debian's package; CHROMIUM points elsewhere. Browser downloads are not used: the tests run offline. */
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The phone's browser tests need Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` ` +
        "(Debian/Ubuntu), or set CHROMIUM to the path of a Chromium or Chrome binary.",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      // A microphone that plays a beep, granted without asking: what <Record> records.
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      "--autoplay-policy=no-user-gesture-required",
      "--no-sandbox",
    ],
  });
}

/** Listens on a free loopback port and returns the origin. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface Session {
  readonly phone: Phone;
  readonly page: Page;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh phone (its own map) and a fresh page on it, ready to call. */
export async function openPhone(browser: Browser, options: PhoneOptions, viewport = { width: 1280, height: 900 }): Promise<Session> {
  const phone = await startPhone(options);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  // Message media in the example app points at example.com: fail it at once rather than wait for a network.
  await page.route(
    (url) => !url.href.startsWith(phone.url) && !url.href.startsWith(new URL(options.url).origin),
    (route) => route.abort(),
  );
  await page.goto(phone.url);
  await page.getByRole("status").filter({ hasText: "Ready" }).waitFor();
  return {
    phone,
    page,
    async screenshot(name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(new URL(`${name}.png`, ARTIFACTS), await page.screenshot({ fullPage: true }));
    },
    async close() {
      await context.close();
      await phone.close();
    },
  };
}

/** Runs `test` on a fresh phone and page, closed afterwards whatever happens. */
export async function withPhone(
  browser: Browser,
  options: PhoneOptions,
  test: (session: Session) => Promise<void>,
  viewport?: { width: number; height: number },
): Promise<void> {
  const session = await openPhone(browser, options, viewport);
  try {
    await test(session);
  } finally {
    await session.close();
  }
}
