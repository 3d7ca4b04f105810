// Option values are checked once, when a webhook is created, so that a mistake fails at start-up with a
// message naming the option and the fix instead of changing how requests are handled: `Number(undefined)` is
// NaN, and a NaN body limit would let every body through.

/** A mistake in how a webhook or a handshake check is set up, or in the response a handler produced. */
export class WebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookError";
  }
}

type Check = (value: unknown) => string | null;

/** What each known option accepts; `undefined` always counts as not given. */
export type OptionChecks = Readonly<Record<string, Check>>;

/** Throws a `WebhookError` naming the first option whose value its check refuses, or an unknown option. */
export function checkOptions(where: string, options: unknown, checks: OptionChecks): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null) {
    throw new WebhookError(`${where}: options must be an object, got ${describe(options)}`);
  }
  for (const [name, value] of Object.entries(options)) {
    const check = Object.hasOwn(checks, name) ? checks[name] : undefined;
    if (check === undefined) {
      const known = Object.keys(checks);
      const near = known.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      throw new WebhookError(
        `${where}: unknown option ${name}` + (near === undefined ? ` (known: ${known.join(", ")})` : ` (did you mean ${near}?)`),
      );
    }
    if (value === undefined) continue;
    const problem = check(value);
    if (problem !== null) throw new WebhookError(`${where}: ${name} ${problem}, got ${describe(value)}`);
  }
}

/** A value as the server's error messages show it: strings quoted, other things by kind. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

/** A secret: a non-empty string (an empty one is what an environment variable set to nothing gives). */
export const secret: Check = (value) =>
  typeof value !== "string"
    ? "must be a string"
    : value === ""
      ? "is empty: set it to the secret from the Twilio Console, or leave it out (undefined) to check no signatures"
      : null;

export const boolean: Check = (value) => (typeof value === "boolean" ? null : "must be true or false");

export const callback: Check = (value) => (typeof value === "function" ? null : "must be a function");

/** An origin with an optional base path, such as `https://abc.ngrok.app`, or a function of the request. */
export function publicUrl(schemes: readonly string[]): Check {
  return (value) => {
    if (typeof value === "function") return null;
    if (typeof value !== "string") return "must be a URL string or a function of the request";
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return `must be an absolute URL such as "https://abc.ngrok.app" (the origin Twilio calls)`;
    }
    if (!schemes.includes(url.protocol)) return `must start with ${schemes.map((scheme) => `${scheme}//`).join(" or ")}`;
    if (url.search !== "" || url.hash !== "") {
      return "must be an origin and base path only, without ? or #: the path and query of each request are appended to it";
    }
    return null;
  };
}

// Visible ASCII, spaces and tabs: what a header value may hold (RFC 9110, section 5.5), so no CR or LF can
// start another header.
const HEADER_VALUE = /^[\x21-\x7e](?:[\t\x20-\x7e]*[\x21-\x7e])?$/;

/** Why a header value is refused, or null when it is fine. */
export function headerValueProblem(value: string): string | null {
  return HEADER_VALUE.test(value) ? null : "must be a header value: visible ASCII characters and inner spaces, no line breaks, not empty";
}

export const headerOrCallback: Check = (value) => {
  if (typeof value === "function") return null;
  if (typeof value !== "string") return "must be a string or a function of the request context";
  return headerValueProblem(value);
};

export const byteCount: Check = (value) =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0
    ? null
    : "must be a whole number of bytes, 0 or more (Number() of an unset environment variable is NaN; no limit at all is not offered)";

export function object(checks: OptionChecks, where: string): Check {
  return (value) => {
    if (typeof value !== "object" || value === null) return "must be an object";
    checkOptions(where, value, checks);
    return null;
  };
}
