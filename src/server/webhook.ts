// The webhook pipeline: method, body limit, parsing, signature, handler, rendering, caching. Web-standard
// `Request`/`Response` only, so the same handler runs on Node, Bun, Deno and edge runtimes.
// The package's own entry, not relative paths: the server bundle then shares the renderer already loaded by
// `twiml-jsx` instead of shipping a second copy.
import { isElement, MAX_DOCUMENT_BYTES, render, type RenderOptions, type TwiMLElement } from "twiml-jsx";
import { readLimited } from "./body.js";
import {
  boolean,
  byteCount,
  callback,
  checkOptions,
  headerOrCallback,
  headerValueProblem,
  object,
  publicUrl,
  secret,
  WebhookError,
} from "./options.js";
import { readParams, type WebhookParams } from "./params.js";
import { receivedUrl, type PublicUrl } from "./public-url.js";
import { note, refusal, report, stderr, type Log } from "./report.js";
import { checkSignature, sha256Hex } from "./signature.js";

export { WebhookError };

/** Twilio refuses TwiML documents larger than this (error 11750): the vocabulary's `MAX_DOCUMENT_BYTES`. */
export const TWIML_SIZE_LIMIT = MAX_DOCUMENT_BYTES;

/**
 * The default `maxBodyBytes`. Twilio's requests are a few kilobytes of form parameters; the limit only keeps
 * a sender from making the server buffer an arbitrary body, and a TwiML document's own limit is a fair bound.
 */
const MAX_BODY_BYTES = TWIML_SIZE_LIMIT;

export interface WebhookContext<P extends WebhookParams = WebhookParams> {
  /** Twilio's parameters: from the query string for GET, from the form body for POST. */
  readonly params: P;
  /** The query string of the URL (for POST, parameters of your own, such as `?attempt=2`). */
  readonly query: URLSearchParams;
  readonly method: "GET" | "POST";
  /** The URL Twilio requested (see `publicUrl`), normalised. */
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
  readonly authToken?: string | undefined;
  /** The secret of a SharedKey, for requests signed with `X-Twilio-Webhooks-Signature-Settings`. */
  readonly sharedKeySecret?: string | undefined;
  /**
   * Check signatures. Default: on when a secret is configured. `true` makes a missing secret an error when the
   * webhook is created (say, an unset environment variable); `false` turns checks off explicitly.
   */
  readonly validateSignature?: boolean | undefined;
  /**
   * The public origin (and base path) Twilio calls when the server sits behind a proxy or tunnel, such as
   * `"https://abc.ngrok.app"`: it replaces the origin of the URL the server sees. A function gets the request
   * and returns the full public URL.
   */
  readonly publicUrl?: PublicUrl | undefined;
  /**
   * `Cache-Control` for GET responses; they also carry an `ETag`, so a conditional request gets `304`.
   * Default `"no-cache"` (caches may store the document but must revalidate). POST responses are always
   * `no-store`: Twilio never caches them.
   */
  readonly cacheControl?: string | ((context: WebhookContext) => string) | undefined;
  /** Larger request bodies are refused with 413 before they are read further. Default 65,536 bytes. */
  readonly maxBodyBytes?: number | undefined;
  /**
   * Called with every error a handler throws or the rendering raises; the response is a bare 500. Without it,
   * the error is written to `log`.
   */
  readonly onError?: ((error: unknown, request: Request) => void) | undefined;
  /**
   * Where the server's own messages go: errors when there is no `onError`, and why a request got 403.
   * Default: `console.error` (stderr). Nothing of it reaches the response.
   */
  readonly log?: Log | undefined;
  /** Options for `render` (`strict` to reject characters XML forbids instead of dropping them). */
  readonly render?: { readonly strict?: RenderOptions["strict"] | undefined } | undefined;
}

const WEBHOOK_OPTIONS = {
  authToken: secret,
  sharedKeySecret: secret,
  validateSignature: boolean,
  publicUrl: publicUrl(["http:", "https:"]),
  cacheControl: headerOrCallback,
  maxBodyBytes: byteCount,
  onError: callback,
  log: callback,
  render: object({ strict: boolean }, "webhook() option render"),
};

const XML = "text/xml; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";

function textResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
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

/** A strong entity tag: the first 128 bits of the document's SHA-256, which no two documents share in practice. */
async function etagOf(body: string): Promise<string> {
  return `"${(await sha256Hex(body)).slice(0, 32)}"`;
}

/** Whether `If-None-Match` names the current entity tag (weak comparison, as for GET). */
function matchesETag(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * Turns a handler that returns TwiML into a fetch-style handler: `(request: Request) => Promise<Response>`.
 * Mount it in any server that speaks Web `Request`/`Response` (Bun, Deno, Hono, edge runtimes), or in
 * `node:http`/Express through `toNodeHandler`.
 *
 * @throws WebhookError when an option has a value it cannot take (an empty `authToken`, a `maxBodyBytes` of
 * `NaN`, a relative `publicUrl`…), or when `validateSignature` is `true` and no secret is set.
 * @example
 * const voice = webhook(({ params }) => (
 *   <VoiceResponse><Say>Hello {params.From}</Say></VoiceResponse>
 * ), { authToken: process.env.TWILIO_AUTH_TOKEN });
 */
export function webhook<P extends WebhookParams = WebhookParams>(
  handler: WebhookHandler<P>,
  options: WebhookOptions = {},
): (request: Request) => Promise<Response> {
  if (typeof handler !== "function") throw new WebhookError("webhook(): the handler must be a function");
  checkOptions("webhook()", options, WEBHOOK_OPTIONS);
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = options.log ?? stderr;
  const secrets = { authToken: options.authToken, sharedKeySecret: options.sharedKeySecret };
  const hasSecret = options.authToken !== undefined || options.sharedKeySecret !== undefined;
  const checkSignatures = options.validateSignature ?? hasSecret;
  if (checkSignatures && !hasSecret) {
    throw new WebhookError(
      "webhook(): validateSignature is on but neither authToken nor sharedKeySecret is set (is the environment variable that holds it set?)",
    );
  }

  // Any error, from the handler, the rendering or an option callback (`publicUrl`, `cacheControl`), becomes a
  // bare 500 reported through `onError` (or the log), never a rejected promise in the server that mounts it.
  return async (request: Request): Promise<Response> => {
    try {
      return await handle(request);
    } catch (error) {
      // The path only: the query of a GET webhook carries the caller's number and other personal data.
      report(error, request, `${request.method} ${new URL(request.url).pathname} answered 500`, options.onError, log);
      return textResponse(500, "Internal Server Error");
    }
  };

  async function handle(request: Request): Promise<Response> {
    const method = request.method.toUpperCase();
    if (method !== "GET" && method !== "POST") {
      return textResponse(405, "Method Not Allowed", { allow: "GET, POST" });
    }
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > limit) return textResponse(413, "Payload Too Large");

    const bytes = method === "POST" ? await readLimited(request.body, limit) : new Uint8Array(0);
    if (bytes === null) return textResponse(413, "Payload Too Large");
    let rawBody: string;
    try {
      rawBody = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return textResponse(400, "Bad Request: the body is not UTF-8");
    }

    const { url, forms } = receivedUrl(request, options.publicUrl);
    const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    let form: URLSearchParams | null = null;
    if (method === "POST" && rawBody !== "") {
      if (type === "application/x-www-form-urlencoded") {
        form = parseForm(rawBody);
        if (form === null) return textResponse(400, "Bad Request: malformed form body");
      } else if (type === "application/json") {
        try {
          JSON.parse(rawBody);
        } catch {
          return textResponse(400, "Bad Request: malformed JSON body");
        }
      } else {
        return textResponse(415, "Unsupported Media Type");
      }
    }

    if (checkSignatures) {
      const verdict = await checkSignature(
        {
          form,
          rawBody,
          signature: request.headers.get("x-twilio-signature"),
          settings: request.headers.get("x-twilio-webhooks-signature-settings"),
        },
        forms,
        secrets,
      );
      if (!verdict.valid) {
        note(log, `${method} ${url.pathname} answered 403: ${refusal(verdict, options.publicUrl !== undefined)}`);
        return textResponse(403, "Forbidden: missing or invalid Twilio signature");
      }
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
      throw new WebhookError(
        `the TwiML document is ${size} bytes, over Twilio's limit of ${TWIML_SIZE_LIMIT} (error 11750); it was not sent`,
      );
    }

    if (method === "POST") {
      return new Response(body, { status: 200, headers: { "content-type": XML, "cache-control": "no-store" } });
    }
    const cacheControl = cacheControlFor(context as unknown as WebhookContext);
    const etag = await etagOf(body);
    if (matchesETag(request.headers.get("if-none-match"), etag)) {
      return new Response(null, { status: 304, headers: { "cache-control": cacheControl, etag } });
    }
    return new Response(body, { status: 200, headers: { "content-type": XML, "cache-control": cacheControl, etag } });
  }

  function cacheControlFor(context: WebhookContext): string {
    if (typeof options.cacheControl !== "function") return options.cacheControl ?? "no-cache";
    const value = options.cacheControl(context);
    const problem = typeof value === "string" ? headerValueProblem(value) : "must be a string";
    if (problem !== null) {
      throw new WebhookError(`the cacheControl function's result ${problem}, got ${JSON.stringify(value)}`);
    }
    return value;
  }
}
