// Every optional property of the server's options accepts `undefined`, as `process.env.X` gives when X is unset,
// under exactOptionalPropertyTypes; a value of the wrong type is still refused.
import {
  toNodeHandler,
  validateSignature,
  verifyWebSocketRequest,
  webhook,
  type NodeHandlerOptions,
  type SignatureSecrets,
  type WebhookOptions,
} from "twiml-jsx/server";

declare const env: { readonly [name: string]: string | undefined };
declare const maybeNumber: number | undefined;
declare const maybeBoolean: boolean | undefined;
declare const respond: () => Response;

webhook(respond, { authToken: env["TWILIO_AUTH_TOKEN"], publicUrl: env["PUBLIC_URL"] });
webhook(respond, {
  authToken: undefined,
  sharedKeySecret: env["TWILIO_SHARED_KEY"],
  validateSignature: maybeBoolean,
  publicUrl: undefined,
  cacheControl: env["CACHE_CONTROL"],
  maxBodyBytes: maybeNumber,
  onError: undefined,
  log: undefined,
  render: { strict: maybeBoolean },
});
webhook(respond, { render: undefined });

const nodeOptions: NodeHandlerOptions = { onError: undefined, log: undefined };
toNodeHandler(webhook(respond), nodeOptions);
toNodeHandler(webhook(respond), { onError: (error, req) => void [error, req], log: (line: string) => void line });

const secrets: SignatureSecrets = { authToken: env["TWILIO_AUTH_TOKEN"], sharedKeySecret: undefined };
void validateSignature({ url: "https://example.com/voice", form: null, rawBody: "", signature: null, settings: null }, secrets);

declare const upgrade: Request;
void verifyWebSocketRequest(upgrade, {
  authToken: env["TWILIO_AUTH_TOKEN"],
  sharedKeySecret: undefined,
  publicUrl: env["PUBLIC_URL"],
  log: undefined,
});
// @ts-expect-error the handshake check needs its options, with the secret
void verifyWebSocketRequest(upgrade);
// @ts-expect-error an upgrade request, not a URL
void verifyWebSocketRequest("wss://example.com/relay", { authToken: "12345" });

// @ts-expect-error an auth token is text
webhook(respond, { authToken: 12345 });
// @ts-expect-error maxBodyBytes is a number of bytes
webhook(respond, { maxBodyBytes: env["MAX_BODY_BYTES"] });
// @ts-expect-error validateSignature is true or false
webhook(respond, { validateSignature: "false" });
// @ts-expect-error null is not undefined: it means nothing here
webhook(respond, { publicUrl: null });
// @ts-expect-error an option the webhook does not have
webhook(respond, { authtoken: env["TWILIO_AUTH_TOKEN"] });
// @ts-expect-error the node bridge has no signature options
const wrong: NodeHandlerOptions = { authToken: "12345" };
void wrong;

export type Options = WebhookOptions;
