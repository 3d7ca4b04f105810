// A phone number's two webhooks on Hono: calls go to voicemail, texts get an automatic reply. A webhook is
// already a fetch handler (`Request` in, `Response` out), so Hono only routes to it, and the same app runs
// on Node, Bun, Deno or an edge worker.
//   serve({ fetch: createApp({ webhook: { authToken: process.env.TWILIO_AUTH_TOKEN } }).fetch, port: 3000 });
// (`serve` from `@hono/node-server`, on Node.)
import { Hono } from "hono";
import { webhooks, type AppOptions } from "./webhooks.js";

export { webhooks, type AppOptions };

export function createApp(options: AppOptions = {}): Hono {
  const { voice, sms } = webhooks(options);
  const app = new Hono();
  // `c.req.raw` is the request as received, body unread: the webhook checks its signature and parses it.
  app.all("/voice", (c) => voice(c.req.raw));
  app.all("/sms", (c) => sms(c.req.raw));
  return app;
}
