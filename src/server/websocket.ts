// Checking the signature of a WebSocket handshake: Twilio signs the upgrade request of ConversationRelay and
// Media Streams as it signs a GET webhook, with `X-Twilio-Signature` over the URL it connects to, which is a
// `wss://` URL. Behind the TLS proxy or tunnel that a `wss://` URL needs, the server sees `http://` instead.
import type { IncomingMessage } from "node:http";
import { toRequest } from "./node-http.js";
import { callback, checkOptions, publicUrl, secret, WebhookError } from "./options.js";
import { receivedUrl, type PublicUrl } from "./public-url.js";
import { note, refusal, stderr, type Log } from "./report.js";
import { checkSignature } from "./signature.js";

/**
 * What the check reads of a node `IncomingMessage` (the request of an `upgrade` event): spelled out rather than
 * imported, so the signature is typed without Node's type definitions too.
 */
export interface NodeUpgradeRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: { readonly host?: string | undefined };
  readonly rawHeaders: readonly string[];
  readonly socket?: object | null | undefined;
}

export interface WebSocketRequestOptions {
  /** Your account's auth token, which signs the handshake unless it carries `X-Twilio-Webhooks-Signature-Settings`. */
  readonly authToken?: string | undefined;
  /** The secret of a SharedKey, for handshakes signed with `X-Twilio-Webhooks-Signature-Settings`. */
  readonly sharedKeySecret?: string | undefined;
  /**
   * The public origin (and base path) Twilio connects to, such as `"wss://abc.ngrok.app"` (`https:` counts as
   * `wss:`, `http:` as `ws:`), or a function of the request returning the full URL, as written in the TwiML.
   * Without it, the URL the server sees, with the scheme `wss:` (and `ws:` too when the server itself has
   * no TLS, as a local test client connects).
   */
  readonly publicUrl?: PublicUrl | undefined;
  /** Where a refused handshake is explained (never to the client). Default: `console.error` (stderr). */
  readonly log?: Log | undefined;
}

const WEBSOCKET_OPTIONS = {
  authToken: secret,
  sharedKeySecret: secret,
  publicUrl: publicUrl(["http:", "https:", "ws:", "wss:"]),
  log: callback,
};

const SCHEME = /^[a-z][a-z\d+.-]*:/i;

/** The scheme a WebSocket client used for a URL written with `scheme`: TLS or not, as a WebSocket URL. */
const webSocketScheme = (scheme: string): string => (scheme === "https:" || scheme === "wss:" ? "wss:" : "ws:");

/**
 * Whether a WebSocket upgrade request carries a valid Twilio signature: pass the fetch `Request` of Bun, Deno
 * or Hono, or the `IncomingMessage` of a node `upgrade` event. Resolves to false, and logs why, when it does
 * not; refuse the upgrade then (answer 403, or destroy the socket).
 *
 * @throws WebhookError (as a rejection) when neither secret is set or an option has a value it cannot take.
 * @example
 * server.on("upgrade", async (req, socket, head) => {
 *   if (!(await verifyWebSocketRequest(req, { authToken: process.env.TWILIO_AUTH_TOKEN }))) return socket.destroy();
 *   wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
 * });
 */
export async function verifyWebSocketRequest(request: Request | NodeUpgradeRequest, options: WebSocketRequestOptions): Promise<boolean> {
  checkOptions("verifyWebSocketRequest()", options, WEBSOCKET_OPTIONS);
  if (options.authToken === undefined && options.sharedKeySecret === undefined) {
    throw new WebhookError(
      "verifyWebSocketRequest(): neither authToken nor sharedKeySecret is set (is the environment variable that holds it set?)",
    );
  }
  const log = options.log ?? stderr;
  // A WebSocket handshake is a GET; only a GET is turned into a `Request` here, so no body is read.
  if ((request.method ?? "GET").toUpperCase() !== "GET") {
    note(log, `WebSocket handshake refused: it is a ${request.method} request, not a GET.`);
    return false;
  }
  // A fetch `Request` has a `Headers` object; an `IncomingMessage` has a plain object of headers.
  const fetchRequest =
    typeof (request.headers as Headers).get === "function" ? (request as Request) : toRequest(request as IncomingMessage);
  if (fetchRequest === null) {
    note(log, "WebSocket handshake refused: its Host header or request target cannot form a URL.");
    return false;
  }

  const option = options.publicUrl;
  const { url, forms } = receivedUrl(fetchRequest, option);
  let schemes: readonly string[];
  if (typeof option === "string") schemes = [webSocketScheme(new URL(option).protocol)];
  else if (typeof option === "function") schemes = [webSocketScheme(url.protocol)];
  else schemes = url.protocol === "https:" || url.protocol === "wss:" ? ["wss:"] : ["wss:", "ws:"];
  const candidates = schemes.flatMap((scheme) => forms.map((form) => form.replace(SCHEME, scheme)));

  const verdict = await checkSignature(
    {
      form: null,
      rawBody: "",
      signature: fetchRequest.headers.get("x-twilio-signature"),
      settings: fetchRequest.headers.get("x-twilio-webhooks-signature-settings"),
    },
    candidates,
    { authToken: options.authToken, sharedKeySecret: options.sharedKeySecret },
  );
  if (!verdict.valid) note(log, `WebSocket handshake to ${url.pathname} refused: ${refusal(verdict, option !== undefined)}`);
  return verdict.valid;
}
