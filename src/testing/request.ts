// Requesting TwiML as Twilio does: signed form posts or GET queries with Twilio's headers, HTTP redirects,
// scoped cookies, a time limit, and the checks Twilio makes on the reply (status, size, content type,
// well-formed `<Response>`), each failure with its Twilio error code.
import { readLimited } from "../server/body.js";
import { computeSignature } from "../server/signature.js";
import { MAX_DOCUMENT_BYTES } from "../vocabulary/limits.js";
import { CookieJar } from "./cookies.js";
import type { App, LiveEvent, SimulatedRequest } from "./types.js";
import { parseXml, XmlParseError, type XmlElement } from "../xml/parse.js";

/** Redirects followed for one document before error 11215. Twilio does not publish its limit. */
const MAX_REDIRECTS = 10;
/** Twilio gives a webhook about 15 seconds in all, body included. */
const TIMEOUT_MS = 15_000;

export interface SimulatorError {
  readonly code: number;
  readonly message: string;
}

/** A reply, classified the way Twilio reads it. `url` is the document's URL, the base of its relative URLs. */
export type Reply =
  | { readonly kind: "twiml"; readonly url: string; readonly root: XmlElement }
  | { readonly kind: "text"; readonly url: string; readonly text: string }
  | { readonly kind: "audio"; readonly url: string }
  | { readonly kind: "error"; readonly error: SimulatorError };

const TWIML_TYPES: ReadonlySet<string> = new Set(["text/xml", "application/xml", "text/html"]);
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * `reference` resolved against `base` (relative `action` and `<Redirect>` URLs), or null when it does not parse
 * or is not http(s): Twilio fetches TwiML over HTTP only, so `data:`, `file:` and other schemes are refused.
 */
export function resolveUrl(reference: string, base: string): string | null {
  try {
    const url = new URL(reference.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function invalidUrl(reference: string, base: string): SimulatorError {
  return { code: 11100, message: `invalid URL "${reference}" (relative to ${base}): TwiML URLs must be http or https` };
}

/**
 * A Twilio-style SID: `prefix` and 32 hex digits, derived from `seed` so that the same simulation sends the
 * same SIDs every time.
 * @example
 * sid("CA", "call:+15550001111").length //=> 34
 */
export function sid(prefix: string, seed: string): string {
  let out = prefix;
  // Four FNV-1a hashes with different offsets: 128 bits without a synchronous digest in Web APIs.
  for (let round = 0; round < 4; round++) {
    let hash = (0x811c9dc5 ^ Math.imul(round, 0x9e3779b9)) >>> 0;
    for (const char of `${round}:${seed}`) {
      hash ^= char.codePointAt(0)!;
      hash = Math.imul(hash, 0x01000193);
    }
    out += (hash >>> 0).toString(16).padStart(8, "0");
  }
  return out;
}

/** Parameters in the order Twilio writes them: sorted by name. */
function sorted(params: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(params).sort()) out[name] = params[name]!;
  return out;
}

function withoutFragment(url: string): string {
  const hash = url.indexOf("#");
  return hash === -1 ? url : url.slice(0, hash);
}

/** GET parameters go after the query the URL already has, which is kept as written. */
function withQuery(url: string, params: Readonly<Record<string, string>>): string {
  const query = new URLSearchParams(params).toString();
  if (query === "") return url;
  if (!url.includes("?")) return `${url}?${query}`;
  return url.endsWith("?") || url.endsWith("&") ? url + query : `${url}&${query}`;
}

interface Hop {
  readonly method: "GET" | "POST";
  /** The URL without the parameters a GET adds. */
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
}

/** A request that took longer than Twilio waits. */
class Timeout extends Error {}

export interface SessionOptions {
  readonly app?: App | undefined;
  readonly authToken?: string | undefined;
  /** Milliseconds a request may take, body included. */
  readonly timeout?: number | undefined;
  /** Where the flow's cookies live: a call's own jar, or a message conversation's jar for one number pair. */
  readonly cookies?: CookieJar | undefined;
  /** Seeds the `I-Twilio-Idempotency-Token` of each request. */
  readonly seed: string;
  readonly onEvent?: ((event: Extract<LiveEvent, { type: "request" | "response" }>) => void) | undefined;
}

/**
 * One call's or message's exchanges with the app: where requests go, how they are signed, the headers Twilio
 * sends, the cookies the app set, and the log of every request made.
 */
export class Session {
  readonly requests: SimulatedRequest[] = [];
  private readonly cookies: CookieJar;
  private readonly timeout: number;

  constructor(private readonly options: SessionOptions) {
    this.cookies = options.cookies ?? new CookieJar();
    this.timeout = options.timeout ?? TIMEOUT_MS;
  }

  /** Requests a document, following HTTP redirects, and classifies the reply. */
  async fetch(method: "GET" | "POST", url: string, params: Readonly<Record<string, string>>): Promise<Reply> {
    let hop: Hop = { method, url: withoutFragment(url), params: sorted(params) };
    for (let redirects = 0; ; redirects++) {
      const target = hop.method === "GET" ? withQuery(hop.url, hop.params) : hop.url;
      const request = { method: hop.method, url: target, params: hop.params };
      this.requests.push(request);
      this.options.onEvent?.({ type: "request", request });
      const deadline = Date.now() + this.timeout;
      let response: Response;
      try {
        response = await this.send(hop, target, deadline);
      } catch (error) {
        if (error instanceof Timeout || isTimeout(error)) return timedOut(hop, target, this.timeout);
        return this.options.app === undefined
          ? failure(11205, `HTTP connection failure: ${hop.method} ${target} failed (${reason(error)})`)
          : failure(11200, `HTTP retrieval failure: the app threw on ${hop.method} ${target}: ${reason(error)}`);
      }
      this.cookies.store(new URL(target), response.headers.getSetCookie());

      const location = response.headers.get("location");
      if (REDIRECTS.has(response.status) && location !== null) {
        this.report(response, target, "");
        await response.body?.cancel().catch(() => undefined);
        if (redirects === MAX_REDIRECTS) {
          return failure(11215, `HTTP too many redirects: more than ${MAX_REDIRECTS} from ${method} ${url}`);
        }
        const next = resolveUrl(location, target);
        if (next === null)
          return failure(11216, `HTTP invalid redirect: ${target} redirected to "${location}", which is not an http(s) URL`);
        // Browser rules, as Twilio does not document its own: 307 and 308 repeat the request, the others GET
        // the new location as given.
        hop =
          response.status === 307 || response.status === 308
            ? { method: hop.method, url: withoutFragment(next), params: hop.method === "GET" ? {} : hop.params }
            : { method: "GET", url: withoutFragment(next), params: {} };
        continue;
      }
      let bytes: Uint8Array | null;
      try {
        bytes = await readLimited(response.body, MAX_DOCUMENT_BYTES, (read) => beforeDeadline(read, deadline));
      } catch (error) {
        if (error instanceof Timeout || isTimeout(error)) return timedOut(hop, target, this.timeout);
        return failure(11200, `HTTP retrieval failure: reading the answer to ${hop.method} ${target} failed (${reason(error)})`);
      }
      return this.read(response, bytes, hop, target);
    }
  }

  private async send(hop: Hop, target: string, deadline: number): Promise<Response> {
    const { app, authToken } = this.options;
    const headers = new Headers({
      accept: "*/*",
      "i-twilio-idempotency-token": idempotencyToken(`${this.options.seed}:${this.requests.length}`),
      "user-agent": "TwilioProxy/1.1",
      "x-home-region": "us1",
    });
    let body: string | undefined;
    let form: URLSearchParams | null = null;
    if (hop.method === "POST") {
      form = new URLSearchParams(hop.params);
      body = form.toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    if (authToken !== undefined) {
      headers.set("x-twilio-signature", await computeSignature(authToken, target, form));
    }
    const cookie = this.cookies.header(new URL(target));
    if (cookie !== null) headers.set("cookie", cookie);
    const request = new Request(target, { method: hop.method, headers, body, redirect: "manual" });
    if (app !== undefined)
      return await beforeDeadline(
        Promise.resolve().then(() => app(request)),
        deadline,
      );
    return await fetch(request, { signal: AbortSignal.timeout(Math.max(0, deadline - Date.now())) });
  }

  private report(response: Response, target: string, body: string): void {
    if (this.options.onEvent === undefined) return;
    const headers: Record<string, string> = {};
    for (const [name, value] of response.headers) headers[name] = value;
    this.options.onEvent({ type: "response", url: target, status: response.status, headers, body });
  }

  private read(response: Response, bytes: Uint8Array | null, hop: Hop, target: string): Reply {
    const where = `${hop.method} ${target}`;
    const header = response.headers.get("content-type") ?? "";
    const type = header.split(";")[0]!.trim().toLowerCase();
    const text = bytes === null || type.startsWith("audio/") ? null : decode(bytes, header);
    this.report(response, target, text ?? "");
    if (response.status === 403) {
      return failure(11200, `HTTP retrieval failure: ${where} was refused with 403 (is it signed with the auth token the app expects?)`);
    }
    if (response.status < 200 || response.status > 299) {
      return failure(11200, `HTTP retrieval failure: ${where} answered ${response.status}`);
    }
    if (bytes === null) {
      return failure(11750, `TwiML response body too large: ${where} answered more than ${MAX_DOCUMENT_BYTES} bytes`);
    }
    if (type.startsWith("audio/")) return { kind: "audio", url: hop.url };
    if (!TWIML_TYPES.has(type) && type !== "text/plain") {
      const shown = header === "" ? "no Content-Type" : `Content-Type "${header}"`;
      return failure(12300, `Invalid Content-Type: ${where} answered with ${shown}; TwiML must be text/xml, application/xml or text/html`);
    }
    if (text === null)
      return failure(12100, `Document parse failure: ${where} answered text that is not valid ${charsetOf(header) ?? "UTF-8"}`);
    if (type === "text/plain") return { kind: "text", url: hop.url, text };

    let root: XmlElement;
    try {
      root = parseXml(text);
    } catch (error) {
      if (!(error instanceof XmlParseError)) throw error;
      return failure(12100, `Document parse failure: ${where}: ${error.message} (at offset ${error.offset})`);
    }
    if (root.name !== "Response") {
      return failure(12100, `Document parse failure: ${where}: the root element is <${root.name}>, not <Response>`);
    }
    return { kind: "twiml", url: hop.url, root };
  }
}

/** Twilio's idempotency token looks like a UUID; this one is derived from the request so runs repeat exactly. */
function idempotencyToken(seed: string): string {
  const hex = sid("", seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `promise`, or a `Timeout` once `deadline` passes: an in-process app gets no longer than one over HTTP. */
async function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || (error.cause instanceof Error && error.cause.name === "TimeoutError"));
}

function timedOut(hop: Hop, target: string, timeout: number): Reply {
  return failure(11205, `HTTP connection failure: ${hop.method} ${target} did not answer in full within ${timeout} ms`);
}

function failure(code: number, message: string): Reply {
  return { kind: "error", error: { code, message } };
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch reports "fetch failed" and puts the socket error (ECONNREFUSED…) in `cause`.
  const cause = error.cause;
  if (cause instanceof Error) return `${error.message}: ${"code" in cause ? String(cause.code) : cause.message}`;
  return error.message;
}

function charsetOf(header: string): string | null {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(header)?.[1] ?? null;
}

/** The text in the declared charset (UTF-8 when none is declared or the name is unknown), null when invalid. */
function decode(bytes: Uint8Array, header: string): string | null {
  const decoder = decoderFor(charsetOf(header) ?? "utf-8");
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

function decoderFor(charset: string): InstanceType<typeof TextDecoder> {
  try {
    return new TextDecoder(charset, { fatal: true });
  } catch {
    return new TextDecoder("utf-8", { fatal: true });
  }
}
