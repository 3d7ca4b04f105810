// The URL exactly as the client wrote its request target, for requests that came through `toNodeHandler`.
// A fetch `Request` keeps only the WHATWG-normalised URL, which escapes `{`, `"`, `<`, `>` and `` ` `` and
// resolves dot segments, while Twilio signs the URL as configured. Kept beside the request rather than in a
// header, since a client could send any header: only the bridge that built the `Request` can set it.
const rawUrls = new WeakMap<Request, string>();

/** Records the URL as received for a `Request` built from it. */
export function rememberRawUrl(request: Request, url: string): void {
  if (url !== request.url) rawUrls.set(request, url);
}

/** The URL as received when the bridge that built the `Request` recorded it, else the `Request`'s own URL. */
export function rawUrlOf(request: Request): string {
  return rawUrls.get(request) ?? request.url;
}
