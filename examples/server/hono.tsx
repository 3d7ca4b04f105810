// A phone number's two webhooks on Hono: calls go to voicemail, texts get an automatic reply. A webhook is
// already a fetch handler (`Request` in, `Response` out), so Hono only routes to it, and the same app runs
// on Node, Bun, Deno or an edge worker.
//   serve({ fetch: createApp({ webhook: { authToken: process.env.TWILIO_AUTH_TOKEN } }).fetch, port: 3000 });
// (`serve` from `@hono/node-server`, on Node.)
import { Hono } from "hono";
import { webhook, type WebhookOptions } from "twiml-jsx/server";
import { SmsAutoReply } from "../sms-reply.js";
import { Voicemail } from "../voicemail.js";

export interface AppOptions {
  /** Finds a caller's name from their number, for instance in your CRM; undefined for strangers. */
  callerName?: (phone: string) => Promise<string | undefined>;
  /** Signature checks, caching, body limit and error reporting, for both webhooks. */
  webhook?: WebhookOptions;
}

export interface Webhooks {
  voice: (request: Request) => Promise<Response>;
  sms: (request: Request) => Promise<Response>;
}

/** The two webhooks as fetch handlers, for any server that speaks `Request` and `Response`. */
export function webhooks({
  callerName = async () => undefined,
  webhook: options = {},
}: AppOptions = {}): Webhooks {
  return {
    voice: webhook(async ({ params }) => {
      const name = await callerName(params.From ?? "");
      const greeting = name === undefined ? undefined : `Hi ${name}, please leave a message after the tone.`;
      return <Voicemail greeting={greeting} />;
    }, options),
    sms: webhook(({ params }) => <SmsAutoReply incoming={params.Body ?? ""} />, options),
  };
}

export function createApp(options: AppOptions = {}): Hono {
  const { voice, sms } = webhooks(options);
  const app = new Hono();
  // `c.req.raw` is the request as received, body unread: the webhook checks its signature and parses it.
  app.all("/voice", (c) => voice(c.req.raw));
  app.all("/sms", (c) => sms(c.req.raw));
  return app;
}
