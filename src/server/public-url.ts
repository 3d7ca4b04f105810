// The URL Twilio requested, rebuilt from the URL the server sees and the `publicUrl` option, in the two forms
// a signature may have been computed over: the raw request target and the normalised one.
import { rawUrlOf } from "./raw-url.js";

/** The public origin (and base path) Twilio calls, or a function of the request returning the full public URL. */
export type PublicUrl = string | ((request: Request) => string);

export interface ReceivedUrl {
  /** The public URL, WHATWG-normalised. */
  readonly url: URL;
  /** The forms to check a signature against, the raw request target first; no duplicates. */
  readonly forms: readonly string[];
}

// `scheme://authority`, split off by text rather than parsed, so the rest keeps the characters as sent.
const ORIGIN = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i;

/**
 * The public URL of a request. With an origin (and base path) as `publicUrl`, the path and query the server
 * saw are appended to it; a function returns the full URL; without `publicUrl`, the URL as seen.
 */
export function receivedUrl(request: Request, option: PublicUrl | undefined): ReceivedUrl {
  const raw = rawUrlOf(request);
  let forms: readonly string[];
  if (typeof option === "function") {
    // A fragment is never sent to a server, so Twilio never signs one.
    forms = [option(request).replace(/#.*$/s, "")];
  } else if (option === undefined) {
    forms = [raw, request.url];
  } else {
    const base = new URL(option);
    const prefix = base.origin + base.pathname.replace(/\/$/, "");
    const seen = new URL(request.url);
    forms = [prefix + raw.replace(ORIGIN, ""), prefix + seen.pathname + seen.search];
  }
  const url = new URL(forms[forms.length - 1]!);
  return { url, forms: [...new Set(forms)] };
}
