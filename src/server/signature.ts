// Webhook signature checks, written to accept and reject exactly the requests twilio-node's `validateRequest`
// and `validateRequestWithBody` do (docs/signatures.md lists the few deliberate differences). Web Crypto only,
// so the file runs unchanged on Node, Bun, Deno and edge workers.

export type SignatureAlgorithm = "HMAC_SHA1" | "HMAC_SHA256";

export interface SignedRequest {
  /** The full URL Twilio requested (the public URL), with its query string. */
  readonly url: string;
  /** Form-encoded POST body parameters, in the order received (repeated names kept); null for GET and JSON bodies. */
  readonly form: URLSearchParams | null;
  /** The raw body text, for the JSON variant (`bodySHA256` in the URL). */
  readonly rawBody: string;
  /** The `X-Twilio-Signature` header value, or null when absent. */
  readonly signature: string | null;
  /** The `X-Twilio-Webhooks-Signature-Settings` header value, or null when absent. */
  readonly settings: string | null;
}

export interface SignatureSecrets {
  /** Your account's auth token: it signs requests that carry no `X-Twilio-Webhooks-Signature-Settings`. */
  readonly authToken?: string | undefined;
  /** The secret of a SharedKey: it signs requests that carry `X-Twilio-Webhooks-Signature-Settings`. */
  readonly sharedKeySecret?: string | undefined;
}

const HASH_OF: Readonly<Record<SignatureAlgorithm, string>> = { HMAC_SHA1: "SHA-1", HMAC_SHA256: "SHA-256" };

const encoder = new TextEncoder();

// Spelled through `crypto` so the file type-checks with Node's types as well as the DOM library.
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/**
 * The algorithm named in an `X-Twilio-Webhooks-Signature-Settings` header, or null when it names one this
 * library does not support. A missing or empty header, or one without `algorithm=`, means HMAC_SHA1.
 * @example
 * algorithmOf("key=webhooks_sharedkey_123,algorithm=hmac_sha256") //=> "HMAC_SHA256"
 */
export function algorithmOf(settings: string | null | undefined): SignatureAlgorithm | null {
  for (const part of (settings ?? "").split(",")) {
    const separator = part.indexOf("=");
    if (separator === -1 || part.slice(0, separator).trim() !== "algorithm") continue;
    const name = part
      .slice(separator + 1)
      .trim()
      .toUpperCase();
    if (name === "") continue;
    return name === "HMAC_SHA1" || name === "HMAC_SHA256" ? name : null;
  }
  return "HMAC_SHA1";
}

/**
 * Lowercase hex SHA-256 of the UTF-8 text: the `bodySHA256` value Twilio puts in the URL of a JSON webhook.
 * @example
 * await sha256Hex("{}") //=> "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The signature Twilio would send for a request: base64 HMAC over the URL followed by each form parameter's
 * name and value, names sorted, a repeated name's values de-duplicated and sorted. Pass `null` for GET
 * requests and JSON bodies, whose parameters are not signed.
 * @example
 * await computeSignature("12345", "https://example.com/sms", new URLSearchParams("Body=hi"))
 * //=> "g90pT4BNEwvv48KBE2+l9ClZguk="
 */
export async function computeSignature(
  secret: string,
  url: string,
  form: URLSearchParams | null,
  algorithm: SignatureAlgorithm = "HMAC_SHA1",
): Promise<string> {
  return sign(await importKey(secret, algorithm), url + signedParams(form));
}

/**
 * Whether the request carries a valid signature: the auth token signs it unless the signature settings
 * header is present, in which case the SharedKey secret does, with the algorithm the header names. A
 * request whose URL has a `bodySHA256` query parameter must also carry a body with that SHA-256, and a
 * request with a body that is not a form (`form` null, `rawBody` not empty) must have one: a signature over
 * the URL alone does not cover such a body.
 */
export async function validateSignature(request: SignedRequest, secrets: SignatureSecrets): Promise<boolean> {
  return (await checkSignature(request, [request.url], secrets)).valid;
}

/**
 * A signature check's verdict; when it fails, why, and which received URLs the signature was compared with
 * (each also with and without its port, and normalised).
 */
export type SignatureVerdict =
  | { readonly valid: true }
  | { readonly valid: false; readonly reason: string; readonly urlsChecked: readonly string[] };

/**
 * `validateSignature`, trying several received forms of the URL in turn (the raw request target first, then
 * the URL as rebuilt by a `Request`), with the reason for a refusal so that a server can log it.
 * @internal
 */
export async function checkSignature(
  request: Omit<SignedRequest, "url">,
  received: readonly string[],
  secrets: SignatureSecrets,
): Promise<SignatureVerdict> {
  const refuse = (reason: string, urlsChecked: readonly string[] = []): SignatureVerdict => ({
    valid: false,
    reason,
    urlsChecked,
  });
  const { signature, settings } = request;
  if (signature === null) return refuse("the request has no X-Twilio-Signature header");
  const algorithm = algorithmOf(settings);
  if (algorithm === null) {
    return refuse(`X-Twilio-Webhooks-Signature-Settings names an algorithm other than HMAC_SHA1 and HMAC_SHA256`);
  }
  // An empty settings header counts as absent, as in twilio-node's middleware.
  const secret = settings ? secrets.sharedKeySecret : secrets.authToken;
  if (!secret) {
    return refuse(
      settings
        ? "the request is signed with a SharedKey (it carries X-Twilio-Webhooks-Signature-Settings) and no sharedKeySecret is set"
        : "the request is signed with the auth token and no authToken is set",
    );
  }

  // Twilio cannot have requested a URL that does not parse, so it carries no valid signature.
  const urls: string[] = [];
  let bodyHash: string | null | undefined;
  for (const url of received) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return refuse(`the URL ${url} does not parse`);
    }
    // The forms are spellings of one URL: the first says whether a body hash is signed.
    if (bodyHash === undefined) bodyHash = parsed.searchParams.get("bodySHA256");
    urls.push(...variantsOf(url, parsed.href));
  }
  const candidates = [...new Set(urls)];
  if (candidates.length === 0) return refuse("no URL was given to check the signature against");
  if (bodyHash === null && request.form === null && request.rawBody !== "") {
    // twilio-node's validateRequestWithBody refuses it too: otherwise a signature captured from a GET or an
    // empty POST to the same URL could be replayed with any body.
    return refuse("the body is not a form and the URL has no bodySHA256 parameter, so no signature covers it");
  }
  const params = bodyHash === null || bodyHash === undefined ? signedParams(request.form) : "";
  const key = await importKey(secret, algorithm);
  // The URL as received matches in the common case, so it is signed alone first; the other forms are signed
  // together, which Web Crypto runs in parallel at about half the cost per signature of one after another.
  // Stopping at the first match only tells which URL form matched, which is not secret.
  const [first = "", ...others] = candidates;
  let signed = constantTimeEqual(signature, await sign(key, first + params));
  if (!signed && others.length > 0) {
    const expected = await Promise.all(others.map((url) => sign(key, url + params)));
    signed = expected.some((value) => constantTimeEqual(signature, value));
  }
  if (!signed) return refuse("X-Twilio-Signature matches none of the URLs checked", [...new Set(received)]);
  if (typeof bodyHash === "string" && !constantTimeEqual(bodyHash, await sha256Hex(request.rawBody))) {
    return refuse("the SHA-256 of the body differs from the URL's bodySHA256 parameter");
  }
  return { valid: true };
}

/**
 * The URL forms a signature may have been computed over, in the order twilio-node tries them: the URL as
 * received without and with its port (proxies add or strip `:443`), then the WHATWG-normalised URL
 * without and with the port, then those two with the query re-encoded as Node's legacy `querystring`
 * does (older Twilio back ends signed that escaped form). Duplicates are dropped.
 * @throws TypeError when the URL does not parse.
 */
export function urlVariants(url: string): string[] {
  return variantsOf(url, new URL(url).href);
}

function variantsOf(url: string, normalized: string): string[] {
  const withoutPort = removePort(normalized);
  const withPort = addPort(normalized);
  // The URL as received comes first (it is one of the forms below, so nothing new is accepted): it is the one
  // that matches in the common case, and each form tried costs an HMAC.
  return [...new Set([url, removePort(url), addPort(url), withoutPort, withPort, withLegacyQuery(withoutPort), withLegacyQuery(withPort)])];
}

/**
 * A query string (without its `?`) re-encoded as Node's `querystring.stringify(querystring.parse(query))`
 * would, for the ASCII queries WHATWG URL serialisation produces: at most 1,000 pairs, `+` read as a
 * space, values of a repeated name written together, integer-like names first, and `encodeURIComponent`
 * escaping (so `'` stays raw and a space becomes `%20`).
 * @example
 * reencodeQuery("b=O%27Brien&a=x+y&b=2") //=> "b=O'Brien&b=2&a=x%20y"
 */
export function reencodeQuery(query: string): string {
  // querystring.parse stops at its 1,000th separator, counting the empty pairs it skips.
  let end = -1;
  for (let pairs = 0; pairs < 1000; pairs++) {
    end = query.indexOf("&", end + 1);
    if (end === -1) break;
  }
  const kept = end === -1 ? query : query.slice(0, end);
  // A null-prototype object, like querystring's result: `__proto__` is an ordinary name, and Object.keys
  // lists integer-like names first in numeric order, which is the order querystring.stringify writes.
  const values: Record<string, string[]> = Object.create(null);
  // The leading "&" stops URLSearchParams from dropping a leading "?", which querystring keeps in the name.
  for (const [name, value] of new URLSearchParams("&" + kept)) (values[name] ??= []).push(value);
  const pairs: string[] = [];
  for (const name of Object.keys(values)) {
    for (const value of values[name] ?? []) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  return pairs.join("&");
}

function signedParams(form: URLSearchParams | null): string {
  if (form === null) return "";
  const values = new Map<string, string[]>();
  for (const [name, value] of form) {
    const list = values.get(name);
    if (list === undefined) values.set(name, [value]);
    else list.push(value);
  }
  let out = "";
  for (const name of [...values.keys()].sort()) {
    // twilio-node signs each distinct value of a repeated name once, in sorted order.
    for (const value of [...new Set(values.get(name))].sort()) out += name + value;
  }
  return out;
}

/** Imported keys by algorithm and secret: importing costs about as much as signing, and secrets are few. */
const keys = new Map<string, Promise<HmacKey>>();
const MAX_KEYS = 16;

function importKey(secret: string, algorithm: SignatureAlgorithm): Promise<HmacKey> {
  const id = `${algorithm}:${secret}`;
  let key = keys.get(id);
  if (key === undefined) {
    key = importRawKey(secret, algorithm);
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
    keys.set(id, key);
  }
  return key;
}

function importRawKey(secret: string, algorithm: SignatureAlgorithm): Promise<HmacKey> {
  const bytes = encoder.encode(secret);
  // Web Crypto refuses empty HMAC keys. HMAC pads short keys with zero bytes, so one zero byte signs the same.
  const raw = bytes.length === 0 ? new Uint8Array(1) : bytes;
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: HASH_OF[algorithm] }, false, ["sign"]);
}

async function sign(key: HmacKey, data: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(data)));
  return btoa(String.fromCharCode(...mac));
}

/** Compares every character even after a mismatch or a length difference, so timing reveals no prefix. */
function constantTimeEqual(received: string, expected: string): boolean {
  const length = Math.max(received.length, expected.length);
  let difference = received.length ^ expected.length;
  for (let i = 0; i < length; i++) {
    const a = i < received.length ? received.charCodeAt(i) : 0;
    const b = i < expected.length ? expected.charCodeAt(i) : 0;
    difference |= a ^ b;
  }
  return difference === 0;
}

interface UrlParts {
  readonly scheme: string;
  readonly userInfo: string;
  readonly host: string;
  readonly port: string;
  readonly rest: string;
}

// Split by regex rather than parsed, so the path and query keep the exact characters Twilio signed
// (`new URL` would turn `'` into `%27`).
function splitUrl(url: string): UrlParts | null {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (match === null) return null;
  const [prefix, scheme = "", authority = ""] = match;
  const userInfoEnd = authority.lastIndexOf("@");
  const hostAndPort = authority.slice(userInfoEnd + 1);
  // A colon starts the port only after the closing bracket of an IPv6 literal.
  const portStart = hostAndPort.indexOf(":", hostAndPort.lastIndexOf("]") + 1);
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd + 1),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? "" : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}

function addPort(url: string): string {
  const parts = splitUrl(url);
  if (parts === null || parts.port !== "") return url;
  // As in twilio-node: every scheme other than https gets :80.
  const port = parts.scheme.toLowerCase() === "https://" ? ":443" : ":80";
  return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}

function removePort(url: string): string {
  const parts = splitUrl(url);
  if (parts === null) return url;
  return parts.scheme + parts.userInfo + parts.host + parts.rest;
}

function withLegacyQuery(url: string): string {
  const queryStart = url.indexOf("?");
  if (queryStart === -1 || queryStart === url.length - 1) return url;
  return url.slice(0, queryStart) + "?" + reencodeQuery(url.slice(queryStart + 1));
}
