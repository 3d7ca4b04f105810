// The bridge between `node:http` (and Express, and Fastify's `raw` objects) and a fetch-style handler.
// Only types come from `node:http`: the bundle stays free of Node imports, and the listener works with any
// object shaped like an `IncomingMessage` / `ServerResponse`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { callback, checkOptions, WebhookError } from "./options.js";
import { rememberRawUrl } from "./raw-url.js";
import { report, stderr, type Log } from "./report.js";

/** A `(req, res)` listener for `http.createServer`, an Express route or middleware, or Fastify's `raw` objects. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface NodeHandlerOptions {
  /**
   * Called when the handler throws or rejects (the client then gets a bare `500`), or when the response cannot
   * be written. Errors inside `webhook()` handlers are reported by its own `onError` and never reach this.
   * Without it, such errors are written to `log`.
   */
  readonly onError?: ((error: unknown, req: IncomingMessage) => void) | undefined;
  /** Where errors go when there is no `onError`. Default: `console.error` (stderr). */
  readonly log?: Log | undefined;
}

const NODE_HANDLER_OPTIONS = { onError: callback, log: callback };

/** What body parsers (Express, Firebase, …) leave on the request once they have read the stream. */
interface ParsedRequest extends IncomingMessage {
  body?: unknown;
  rawBody?: unknown;
}

const PLAIN_TEXT = { "content-type": "text/plain; charset=utf-8" };

// A host name, IPv4 or bracketed IPv6 address, and an optional port: nothing that could move the path,
// query or user part of the URL rebuilt from it.
const HOST = /^(?:[\w.-]+|\[[\dA-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Turns a fetch-style handler (such as the one `webhook()` returns) into a `(req, res)` listener for
 * `node:http` and Express.
 *
 * The URL the handler sees is `http://` (or `https://` on a TLS socket) + the `Host` header + the request
 * path. `X-Forwarded-*` headers are ignored, since any client can send them: behind a proxy or tunnel, give
 * `webhook()` the `publicUrl` Twilio calls so that signatures check out. The request target as the client
 * wrote it (before `{`, `"`, `<`, `>` are escaped and dot segments resolved) is kept for `webhook()`, which
 * checks signatures against it first.
 *
 * With Express, mount webhooks before `express.urlencoded()`: the body is then read as sent. After a body
 * parser, the form is rebuilt from `req.body` (or taken from `req.rawBody` when the parser kept it), which
 * checks the same signature only for flat forms (`extended: false`, Express 5's default).
 *
 * @example
 * createServer(toNodeHandler(voice)).listen(3000);
 * app.post("/voice", toNodeHandler(voice)); // Express
 */
export function toNodeHandler(handler: (request: Request) => Response | Promise<Response>, options: NodeHandlerOptions = {}): NodeListener {
  if (typeof handler !== "function") throw new WebhookError("toNodeHandler(): the handler must be a function, such as webhook()'s result");
  checkOptions("toNodeHandler()", options, NODE_HANDLER_OPTIONS);
  const log = options.log ?? stderr;
  // The path only, as webhook() logs it: a query may carry personal data.
  const reportError = (error: unknown, req: IncomingMessage, what: string): void =>
    report(error, req, `${req.method ?? "GET"} ${(req.url ?? "/").split("?")[0]} ${what}`, options.onError, log);

  return async (req, res) => {
    const disconnected = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) disconnected.abort();
    });

    let response: Response;
    let request: Request | null;
    try {
      request = toRequest(req, disconnected.signal);
    } catch {
      // A header value `Headers` refuses (Node's parser lets a few more through).
      request = null;
    }
    if (request === null) {
      response = new Response("Bad Request", { status: 400, headers: PLAIN_TEXT });
    } else {
      try {
        response = await handler(request);
      } catch (error) {
        reportError(error, req, "answered 500");
        response = new Response("Internal Server Error", { status: 500, headers: PLAIN_TEXT });
      }
    }

    // The handler answered without reading the whole body (a 413, a 405 with a body): closing the connection
    // spares reading the rest, which may be large, just to reach the next request on it.
    if (!req.complete && !res.headersSent) res.setHeader("connection", "close");
    try {
      await send(response, res);
    } catch (error) {
      reportError(error, req, "could not be answered");
      res.destroy();
    }
  };
}

/**
 * A fetch `Request` for a node request, with the URL as the client sent it remembered beside it; null when the
 * URL is not one a `Request` can carry.
 */
export function toRequest(req: ParsedRequest, signal?: AbortSignal): Request | null {
  const raw = urlAsSent(req);
  if (raw === null) return null;
  const request = buildRequest(req, raw, signal);
  rememberRawUrl(request, raw);
  return request;
}

function buildRequest(req: ParsedRequest, url: string, signal: AbortSignal | undefined): Request {
  const headers = new Headers();
  const pairs = req.rawHeaders;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    // HTTP/2 pseudo-headers (`:path`, …) are not headers a `Request` may carry.
    if (!pairs[i]!.startsWith(":")) headers.append(pairs[i]!, pairs[i + 1]!);
  }
  const method = req.method ?? "GET";
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers, signal });

  const parsed = parsedBody(req, headers);
  if (parsed !== undefined) {
    // The body is rebuilt, so the length the client declared no longer describes it.
    headers.delete("content-length");
    headers.delete("transfer-encoding");
    return new Request(url, { method, headers, signal, body: parsed });
  }
  return new Request(url, { method, headers, signal, body: streamOf(req), duplex: "half" });
}

/**
 * The URL of a request as the client wrote it: scheme, `Host` header and request target, unnormalised; null
 * when it is not one a `Request` can carry.
 */
function urlAsSent(req: IncomingMessage & { originalUrl?: string }): string | null {
  // Express rewrites `req.url` under a mounted router; `originalUrl` is the path the client requested.
  const target = req.originalUrl ?? req.url ?? "/";
  let url: string;
  if (target.startsWith("/")) {
    const host = req.headers.host ?? "localhost";
    if (!HOST.test(host)) return null;
    const scheme = (req.socket as { encrypted?: boolean } | null)?.encrypted === true ? "https" : "http";
    url = `${scheme}://${host}${target}`;
  } else if (/^https?:\/\//i.test(target)) {
    url = target;
  } else {
    return null;
  }
  try {
    new URL(url);
    return url;
  } catch {
    return null;
  }
}

/** The body a parser already read from the stream, as text or bytes; undefined when the stream is unread. */
function parsedBody(req: ParsedRequest, headers: Headers): string | Uint8Array | null | undefined {
  if (!req.readableEnded) return undefined;
  const body = req.rawBody ?? req.body;
  if (body === undefined || body === null) return null;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  const type = (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") return JSON.stringify(body);
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, String(item));
  }
  return form.toString();
}

/**
 * The request body as a Web stream, read only as fast as the handler pulls, so that a handler refusing a
 * large body stops reading it early. (`ReadableStream.from(req)` does the same from Node 20.6 on.)
 */
function streamOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks = req[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done === true) controller.close();
        else controller.enqueue(value);
      },
    },
    // Pull nothing before the handler asks: a handler that refuses the request reads none of it.
    { highWaterMark: 0 },
  );
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  if (res.destroyed) {
    await response.body?.cancel();
    return;
  }
  res.statusCode = response.status;
  if (response.statusText !== "") res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (response.body === null) {
    res.end();
    return;
  }

  const reader = response.body.getReader();
  // Each chunk is held back until the next one arrives, so that a body of one chunk (every TwiML document)
  // goes out with `res.end(chunk)` and a `Content-Length` instead of chunked encoding.
  let previous: Uint8Array | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (previous !== undefined && !res.write(previous)) await drained(res);
    if (res.destroyed) {
      await reader.cancel();
      return;
    }
    previous = value;
  }
  res.end(previous);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const resume = (): void => {
      res.off("drain", resume);
      res.off("close", resume);
      resolve();
    };
    res.on("drain", resume);
    res.on("close", resume);
  });
}
