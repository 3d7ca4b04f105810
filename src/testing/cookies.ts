// The cookies Twilio keeps for an app "like a browser": each bound to the host that set it (or to its
// `Domain`) and to its `Path`, sent back only where both match, and dropped when expired (RFC 6265).

interface Cookie {
  readonly name: string;
  readonly value: string;
  /** The host that set it, or the `Domain` it names. */
  readonly domain: string;
  /** Set without `Domain`: sent to that exact host only. */
  readonly hostOnly: boolean;
  readonly path: string;
  readonly secure: boolean;
  /** Milliseconds since the epoch; Infinity for a session cookie. */
  readonly expires: number;
}

export class CookieJar {
  private cookies: Cookie[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    /** The longest a cookie lives, in milliseconds (Twilio keeps SMS cookies four hours). */
    private readonly maxAge = Infinity,
  ) {}

  /** Stores the `Set-Cookie` headers of a response to `url`. */
  store(url: URL, headers: readonly string[]): void {
    for (const header of headers) {
      const cookie = this.parse(url, header);
      if (cookie === null) continue;
      this.cookies = this.cookies.filter(
        (kept) => !(kept.name === cookie.name && kept.domain === cookie.domain && kept.path === cookie.path),
      );
      if (cookie.expires > this.now()) this.cookies.push(cookie);
    }
  }

  /** The `Cookie` header for a request to `url`, or null when no cookie applies. */
  header(url: URL): string | null {
    const now = this.now();
    this.cookies = this.cookies.filter((cookie) => cookie.expires > now);
    const host = url.hostname.toLowerCase();
    const sent = this.cookies.filter(
      (cookie) =>
        (cookie.hostOnly ? host === cookie.domain : domainMatches(host, cookie.domain)) &&
        pathMatches(url.pathname, cookie.path) &&
        (!cookie.secure || url.protocol === "https:"),
    );
    if (sent.length === 0) return null;
    // Longer paths first, as browsers send them.
    sent.sort((a, b) => b.path.length - a.path.length);
    return sent.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  }

  private parse(url: URL, header: string): Cookie | null {
    const [pair = "", ...attributes] = header.split(";");
    const separator = pair.indexOf("=");
    if (separator <= 0) return null;
    const host = url.hostname.toLowerCase();
    let domain = host;
    let hostOnly = true;
    let path = defaultPath(url.pathname);
    let secure = false;
    let expires = Infinity;
    let maxAgeSeen = false;
    for (const attribute of attributes) {
      const equals = attribute.indexOf("=");
      const key = (equals === -1 ? attribute : attribute.slice(0, equals)).trim().toLowerCase();
      const value = equals === -1 ? "" : attribute.slice(equals + 1).trim();
      if (key === "domain" && value !== "") {
        const named = value.replace(/^\./, "").toLowerCase();
        // A cookie for another site is refused, never stored for it.
        if (!domainMatches(host, named)) return null;
        domain = named;
        hostOnly = false;
      } else if (key === "path" && value.startsWith("/")) {
        path = value;
      } else if (key === "secure") {
        secure = true;
      } else if (key === "max-age" && /^-?\d+$/.test(value)) {
        maxAgeSeen = true;
        expires = this.now() + Number(value) * 1000;
      } else if (key === "expires" && !maxAgeSeen) {
        const date = Date.parse(value);
        if (!Number.isNaN(date)) expires = date;
      }
    }
    expires = Math.min(expires, this.now() + this.maxAge);
    return { name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim(), domain, hostOnly, path, secure, expires };
  }
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || (host.endsWith(`.${domain}`) && !/^[\d.]+$/.test(host));
}

function pathMatches(requested: string, path: string): boolean {
  if (requested === path) return true;
  return requested.startsWith(path) && (path.endsWith("/") || requested[path.length] === "/");
}

/** RFC 6265 §5.1.4: the directory of the request path. */
function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf("/");
  return slash <= 0 ? "/" : pathname.slice(0, slash);
}
