// A phone number's two webhooks on Fastify: calls go to voicemail, texts get an automatic reply.
//   await createApp({ webhook: { authToken: process.env.TWILIO_AUTH_TOKEN } }).listen({ port: 3000 });
import Fastify, { type FastifyInstance } from "fastify";
import { toNodeHandler } from "twiml-jsx/server";
import { webhooks, type AppOptions } from "./webhooks.js";

export type { AppOptions };

export function createApp(options: AppOptions = {}): FastifyInstance {
  const { voice, sms } = webhooks(options);

  const app = Fastify();
  // Twilio signs the body exactly as it sent it, so the webhooks read it themselves from the raw request.
  // Inside this plugin no parser consumes the body (Fastify would parse JSON and refuse forms with 415), and
  // each route hands Node's own request and response to the webhook. Hijacking the reply tells Fastify that
  // the response is written there, not by Fastify (its onSend hooks and serializers do not run).
  void app.register(async (twilio) => {
    twilio.removeAllContentTypeParsers();
    twilio.addContentTypeParser("*", (_request, _body, done) => done(null));
    for (const [path, handler] of [
      ["/voice", voice],
      ["/sms", sms],
    ] as const) {
      const listener = toNodeHandler(handler);
      twilio.all(path, async (request, reply) => {
        reply.hijack();
        await listener(request.raw, reply.raw);
      });
    }
  });
  return app;
}
