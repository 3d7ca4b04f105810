// A phone number's two webhooks on Fastify: calls go to voicemail, texts get an automatic reply.
//   await createApp({ webhook: { authToken: process.env.TWILIO_AUTH_TOKEN } }).listen({ port: 3000 });
import Fastify, { type FastifyInstance } from "fastify";
import { toNodeHandler, webhook, type WebhookOptions } from "twiml-jsx/server";
import { SmsAutoReply } from "../sms-reply.js";
import { Voicemail } from "../voicemail.js";

export interface AppOptions {
  /** Finds a caller's name from their number, for instance in your CRM; undefined for strangers. */
  callerName?: (phone: string) => Promise<string | undefined>;
  /** Signature checks, caching, body limit and error reporting, for both webhooks. */
  webhook?: WebhookOptions;
}

export function createApp({
  callerName = async () => undefined,
  webhook: options = {},
}: AppOptions = {}): FastifyInstance {
  const voice = webhook(async ({ params }) => {
    const name = await callerName(params.From ?? "");
    const greeting = name === undefined ? undefined : `Hi ${name}, please leave a message after the tone.`;
    return <Voicemail greeting={greeting} />;
  }, options);
  const sms = webhook(({ params }) => <SmsAutoReply incoming={params.Body ?? ""} />, options);

  const app = Fastify();
  // Twilio signs the body exactly as it sent it, so the webhooks read it themselves from the raw request.
  // Inside this plugin no parser consumes the body (Fastify would parse JSON and refuse forms with 415), and
  // each route hands Node's own request and response to the webhook. Hijacking the reply tells Fastify that
  // the response is written there, not by Fastify (its onSend hooks and serializers do not run).
  void app.register(async (twilio) => {
    twilio.removeAllContentTypeParsers();
    twilio.addContentTypeParser("*", (_request, _body, done) => done(null));
    for (const [path, handler] of [["/voice", voice], ["/sms", sms]] as const) {
      const listener = toNodeHandler(handler);
      twilio.all(path, async (request, reply) => {
        reply.hijack();
        await listener(request.raw, reply.raw);
      });
    }
  });
  return app;
}
