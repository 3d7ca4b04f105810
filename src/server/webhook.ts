// The webhook pipeline: method, body limit, parsing, signature, handler, rendering, caching. Web-standard
// `Request`/`Response` only, so the same handler runs on Node, Bun, Deno and edge runtimes.
// The package's own entry, not relative paths: the server bundle then shares the renderer already loaded by
// `twiml-jsx` instead of shipping a second copy.
import { isElement, render, type RenderOptions, type TwiMLElement } from "twiml-jsx";
import { readLimited } from "./body.js";
import { readParams, type WebhookParams } from "./params.js";
import { validateSignature } from "./signature.js";

/** Twilio refuses TwiML documents larger than this (error 11750). */
export const TWIML_SIZE_LIMIT = 64 * 1024;

export interface WebhookContext<P extends WebhookParams = WebhookParams> {
  /** Twilio's parameters: from the query string for GET, from the form body for POST. */
  readonly params: P;
  /** The query string of the URL (for POST, parameters of your own, such as `?attempt=2`). */
  readonly query: URLSearchParams;
  readonly method: "GET" | "POST";
  /** The URL Twilio requested, as used for the signature (see `publicUrl`). */
  readonly url: URL;
  /** The body as received (empty for GET): for JSON webhooks, parse it yourself. */
  readonly rawBody: string;
  readonly request: Request;
}

export type WebhookHandler<P extends WebhookParams = WebhookParams> = (
  context: WebhookContext<P>,
) => TwiMLElement | Response | Promise<TwiMLElement | Response>;

export interface WebhookOptions {
  /** Your account's auth token: requests must then carry a valid `X-Twilio-Signature`. */
  readonly authToken?: string;
  /** The secret of a SharedKey, for requests signed with `X-Twilio-Webhooks-Signature-Settings`. */
  readonly sharedKeySecret?: string;
  /** Check signatures. Default: on when a secret is configured; `false` turns it off explicitly. */
  readonly validateSignature?: boolean;
  /**
   * The public origin (and base path) Twilio calls when the server sits behind a proxy or tunnel, such as
   * `"https://abc.ngrok.app"`: it replaces the origin of the URL the server sees. A function gets the request
   * and returns the full public URL.
   */
  readonly publicUrl?: string | ((request: Request) => string);
  /**
   * `Cache-Control` for GET responses; they also carry an `ETag`, so a conditional request gets `304`.
   * Default `"no-cache"` (caches may store the document but must revalidate). POST responses are always
   * `no-store`: Twilio never caches them.
   */
  readonly cacheControl?: string | ((context: WebhookContext) => string);
  /** Larger request bodies are refused with 413 before they are read further. Default 64 KiB. */
  readonly maxBodyBytes?: number;
  /** Called with every error a handler throws or the rendering raises; the response is a bare 500. */
  readonly onError?: (error: unknown, request: Request) => void;
  /** Options for `render` (`strict` to reject characters XML forbids instead of dropping them). */
  readonly render?: Pick<RenderOptions, "strict">;
}

/** An error in the response a handler produced (not TwiML, or over Twilio's size limit). */
export class WebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookError";
  }
}

const XML = "text/xml; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";

function plain(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": TEXT, ...headers } });
}

const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** A form body, or null when it is not well-formed (a broken `%` escape, or escapes that are not UTF-8). */
function parseForm(body: string): URLSearchParams | null {
  if (BAD_ESCAPE.test(body)) return null;
  try {
    for (const part of body.split("&")) decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    return null;
  }
  return new URLSearchParams(body);
}

function publicUrlOf(request: Request, option: WebhookOptions["publicUrl"]): URL {
  if (typeof option === "function") {
    // A fragment is never sent to a server, so Twilio never signs one.
    const url = new URL(option(request));
    url.hash = "";
    return url;
  }
  const seen = new URL(request.url);
  if (option === undefined) return seen;
  const base = new URL(option);
  const path = base.pathname.replace(/\/$/, "") + seen.pathname;
  return new URL(`${base.origin}${path}${seen.search}`);
}

async function etagOf(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
  let hex = "";
  for (let i = 0; i < 16; i++) hex += digest[i]!.toString(16).padStart(2, "0");
  return `"${hex}"`;
}

/** Whether `If-None-Match` names the current entity tag (weak comparison, as for GET). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * Turns a handler that returns TwiML into a fetch-style handler: `(request: Request) => Promise<Response>`.
 * Mount it in any server that speaks Web `Request`/`Response` (Bun, Deno, Hono, edge runtimes), or in
 * `node:http`/Express through `toNodeHandler`.
 *
 * @example
 * const voice = webhook(({ params }) => (
 *   <VoiceResponse><Say>Hello {params.From}</Say></VoiceResponse>
 * ), { authToken: process.env.TWILIO_AUTH_TOKEN });
 */
export function webhook<P extends WebhookParams = WebhookParams>(
  handler: WebhookHandler<P>,
  options: WebhookOptions = {},
): (request: Request) => Promise<Response> {
  const limit = options.maxBodyBytes ?? 64 * 1024;
  const secrets = { authToken: options.authToken, sharedKeySecret: options.sharedKeySecret };
  const checkSignatures =
    options.validateSignature ?? (options.authToken !== undefined || options.sharedKeySecret !== undefined);
  if (checkSignatures && options.authToken === undefined && options.sharedKeySecret === undefined) {
    throw new WebhookError("validateSignature is on but neither authToken nor sharedKeySecret is set");
  }

  const fail = (error: unknown, request: Request): Response => {
    try {
      options.onError?.(error, request);
    } catch {
      // A failing error hook must not turn a 500 into a crash.
    }
    return plain(500, "Internal Server Error");
  };

  // Any error, from the handler, the rendering or an option callback (`publicUrl`, `cacheControl`), becomes a
  // bare 500 reported through `onError`, never a rejected promise in the server that mounts the handler.
  return async (request: Request): Promise<Response> => {
    try {
      return await handle(request);
    } catch (error) {
      return fail(error, request);
    }
  };

  async function handle(request: Request): Promise<Response> {
    const method = request.method.toUpperCase();
    if (method !== "GET" && method !== "POST") {
      return plain(405, "Method Not Allowed", { allow: "GET, POST" });
    }
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > limit) return plain(413, "Payload Too Large");

    const bytes = method === "POST" ? await readLimited(request.body, limit) : new Uint8Array(0);
    if (bytes === null) return plain(413, "Payload Too Large");
    let rawBody: string;
    try {
      rawBody = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return plain(400, "Bad Request: the body is not UTF-8");
    }

    const url = publicUrlOf(request, options.publicUrl);
    const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    let form: URLSearchParams | null = null;
    if (method === "POST" && rawBody !== "") {
      if (type === "application/x-www-form-urlencoded") {
        form = parseForm(rawBody);
        if (form === null) return plain(400, "Bad Request: malformed form body");
      } else if (type === "application/json") {
        try {
          JSON.parse(rawBody);
        } catch {
          return plain(400, "Bad Request: malformed JSON body");
        }
      } else {
        return plain(415, "Unsupported Media Type");
      }
    }

    if (checkSignatures) {
      const valid = await validateSignature(
        {
          url: url.href,
          form,
          rawBody,
          signature: request.headers.get("x-twilio-signature"),
          settings: request.headers.get("x-twilio-webhooks-signature-settings"),
        },
        secrets,
      );
      if (!valid) return plain(403, "Forbidden: missing or invalid Twilio signature");
    }

    const query = new URL(request.url).searchParams;
    const context: WebhookContext<P> = {
      params: readParams(method === "GET" ? query : (form ?? new URLSearchParams())) as P,
      query,
      method,
      url,
      rawBody,
      request,
    };
    const result = await handler(context);
    if (result instanceof Response) return result;
    if (!isElement(result)) throw new WebhookError("the handler returned something other than a TwiML element");
    const body = render(result, options.render);
    const size = new TextEncoder().encode(body).byteLength;
    if (size > TWIML_SIZE_LIMIT) {
      throw new WebhookError(`the TwiML document is ${size} bytes, over Twilio's limit of 65536 (error 11750); it was not sent`);
    }

    if (method === "POST") {
      return new Response(body, { status: 200, headers: { "content-type": XML, "cache-control": "no-store" } });
    }
    const cacheControl =
      typeof options.cacheControl === "function"
        ? options.cacheControl(context as unknown as WebhookContext)
        : (options.cacheControl ?? "no-cache");
    const etag = await etagOf(body);
    if (matches(request.headers.get("if-none-match"), etag)) {
      return new Response(null, { status: 304, headers: { "cache-control": cacheControl, etag } });
    }
    return new Response(body, { status: 200, headers: { "content-type": XML, "cache-control": cacheControl, etag } });
  }
}
