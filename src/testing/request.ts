// Requesting TwiML as Twilio does: signed form posts or GET queries, HTTP redirects, cookies, and the checks
// Twilio makes on the reply (status, size, content type, well-formed `<Response>`), each failure with its
// Twilio error code.
import { readLimited } from "../server/body.js";
import { computeSignature } from "../server/signature.js";
import type { App, SimulatedRequest } from "./types.js";
import { parseXml, XmlParseError, type XmlElement } from "../xml/parse.js";

/** Twilio refuses TwiML documents larger than this (error 11750). */
const SIZE_LIMIT = 64 * 1024;
/** Redirects followed for one document before error 11215. Twilio does not publish its limit. */
const MAX_REDIRECTS = 10;
/** Twilio gives a webhook about 15 seconds in all. */
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

/** `reference` resolved against `base` (relative `action` and `<Redirect>` URLs), or null when it does not parse. */
export function resolveUrl(reference: string, base: string): string | null {
  try {
    return new URL(reference.trim(), base).href;
  } catch {
    return null;
  }
}

export function invalidUrl(reference: string, base: string): SimulatorError {
  return { code: 11100, message: `invalid URL "${reference}" (relative to ${base})` };
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

/**
 * One call's or message's exchanges with the app: where requests go, how they are signed, the cookies the
 * app set (returned on every later request of the flow, like a browser, whatever their domain and path),
 * and the log of every request made.
 */
export class Session {
  readonly requests: SimulatedRequest[] = [];
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: App | undefined,
    private readonly authToken: string | undefined,
  ) {}

  /** Requests a document, following HTTP redirects, and classifies the reply. */
  async fetch(method: "GET" | "POST", url: string, params: Readonly<Record<string, string>>): Promise<Reply> {
    let hop: Hop = { method, url: withoutFragment(url), params: sorted(params) };
    for (let redirects = 0; ; redirects++) {
      const target = hop.method === "GET" ? withQuery(hop.url, hop.params) : hop.url;
      this.requests.push({ method: hop.method, url: target, params: hop.params });
      let response: Response;
      try {
        response = await this.send(hop, target);
      } catch (error) {
        return this.app === undefined
          ? failure(11205, `HTTP connection failure: ${hop.method} ${target} failed (${reason(error)})`)
          : failure(11200, `HTTP retrieval failure: the app threw on ${hop.method} ${target}: ${reason(error)}`);
      }
      this.keepCookies(response);

      const location = response.headers.get("location");
      if (REDIRECTS.has(response.status) && location !== null) {
        await response.body?.cancel();
        if (redirects === MAX_REDIRECTS) {
          return failure(11215, `HTTP too many redirects: more than ${MAX_REDIRECTS} from ${method} ${url}`);
        }
        const next = resolveUrl(location, target);
        if (next === null) return failure(11216, `HTTP invalid redirect: ${target} redirected to "${location}"`);
        // Browser rules, as Twilio does not document its own: 307 and 308 repeat the request, the others GET
        // the new location as given.
        hop =
          response.status === 307 || response.status === 308
            ? { method: hop.method, url: withoutFragment(next), params: hop.method === "GET" ? {} : hop.params }
            : { method: "GET", url: withoutFragment(next), params: {} };
        continue;
      }
      return this.read(response, hop, target);
    }
  }

  private async send(hop: Hop, target: string): Promise<Response> {
    const headers = new Headers({ "user-agent": "TwilioProxy/1.1" });
    let body: string | undefined;
    let form: URLSearchParams | null = null;
    if (hop.method === "POST") {
      form = new URLSearchParams(hop.params);
      body = form.toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    if (this.authToken !== undefined) {
      headers.set("x-twilio-signature", await computeSignature(this.authToken, target, form));
    }
    if (this.cookies.size > 0) {
      headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    const request = new Request(target, { method: hop.method, headers, body, redirect: "manual" });
    if (this.app !== undefined) return await this.app(request);
    return await fetch(request, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  }

  private keepCookies(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = cookie.split(";");
      const separator = pair.indexOf("=");
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const expired = attributes.some((attribute) => {
        const [key = "", value = ""] = attribute.split("=").map((part) => part.trim());
        if (key.toLowerCase() === "max-age") return Number(value) <= 0;
        if (key.toLowerCase() === "expires") return Date.parse(value) <= Date.now();
        return false;
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(separator + 1).trim());
    }
  }

  private async read(response: Response, hop: Hop, target: string): Promise<Reply> {
    const where = `${hop.method} ${target}`;
    if (response.status === 403) {
      await response.body?.cancel();
      return failure(11200, `HTTP retrieval failure: ${where} was refused with 403 (is it signed with the auth token the app expects?)`);
    }
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel();
      return failure(11200, `HTTP retrieval failure: ${where} answered ${response.status}`);
    }
    const bytes = await readLimited(response.body, SIZE_LIMIT);
    if (bytes === null) {
      return failure(11750, `TwiML response body too large: ${where} answered more than ${SIZE_LIMIT} bytes`);
    }
    const header = response.headers.get("content-type") ?? "";
    const type = header.split(";")[0]!.trim().toLowerCase();
    if (type.startsWith("audio/")) return { kind: "audio", url: hop.url };
    if (!TWIML_TYPES.has(type) && type !== "text/plain") {
      const shown = header === "" ? "no Content-Type" : `Content-Type "${header}"`;
      return failure(12300, `Invalid Content-Type: ${where} answered with ${shown}; TwiML must be text/xml, application/xml or text/html`);
    }
    const text = decode(bytes, header);
    if (text === null) return failure(12100, `Document parse failure: ${where} answered text that is not valid ${charsetOf(header) ?? "UTF-8"}`);
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
