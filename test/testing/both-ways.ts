// Runs a simulated call two ways: in process against the fetch-style app, and over real HTTP against the same
// app served on loopback. A flow's requests are compared by method and path, so both ways expect the same.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TwiMLElement } from "twiml-jsx";
import { toNodeHandler, webhook, type WebhookContext } from "twiml-jsx/server";
import { afterEach } from "vitest";
import { simulateCall } from "../../src/testing/index.js";
import type { App, CallResult, SimulateCallOptions } from "../../src/testing/types.js";

export const FROM = "+15550001111";
export const TO = "+15550002222";

export type Route = (context: WebhookContext) => TwiMLElement | Response;

/** A webhook app answering each path with its route, and 404 elsewhere. */
export function routes(table: Record<string, Route>): App {
  return webhook((context) => table[context.url.pathname]?.(context) ?? new Response("Not Found", { status: 404 }));
}

export interface Ran {
  readonly result: CallResult;
  /** Each request as `METHOD /path?query`, the origin left out. */
  readonly requested: readonly string[];
  /** The parameters of request `index`. */
  params(index: number): Readonly<Record<string, string>>;
}

export type Options = Omit<SimulateCallOptions, "app" | "url" | "from" | "to"> & { readonly path?: string };
export type Way = (app: App, options?: Options) => Promise<Ran>;

const servers: Server[] = [];

function ran(result: CallResult, origin: string): Ran {
  return {
    result,
    requested: result.requests.map((request) => `${request.method} ${request.url.replace(origin, "")}`),
    params: (index) => result.requests[index]?.params ?? {},
  };
}

const inProcess: Way = async (app, { path = "/", ...options } = {}) => {
  const origin = "https://example.com";
  return ran(await simulateCall({ ...options, app, url: origin + path, from: FROM, to: TO }), origin);
};

/** Serves `app` on loopback until the end of the test; resolves to its origin (`http://127.0.0.1:port`). */
export async function serve(app: App): Promise<string> {
  const server = createServer(toNodeHandler(app));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const overHttp: Way = async (app, { path = "/", ...options } = {}) => {
  const origin = await serve(app);
  return ran(await simulateCall({ ...options, url: origin + path, from: FROM, to: TO }), origin);
};

/** How a message simulation reaches the app: the app itself in process, or the URL it is served at. */
export type MessageTarget = (app: App) => Promise<{ readonly app?: App; readonly url: string }>;

/** Both ways for messages, for `describe.each`; `bothWays()` must have been called in the file. */
export const messageWays: readonly (readonly [string, MessageTarget])[] = [
  ["in process", async (app) => ({ app, url: "https://example.com/sms" })],
  ["over HTTP", async (app) => ({ url: `${await serve(app)}/sms` })],
];

/** Both ways, for `describe.each`; closes the loopback servers after each test. */
export function bothWays(): readonly (readonly [string, Way])[] {
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
  return [
    ["in process", inProcess],
    ["over HTTP", overHttp],
  ];
}
