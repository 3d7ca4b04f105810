// A phone number's two webhooks on Express: calls go to voicemail, texts get an automatic reply.
//   createApp({ webhook: { authToken: process.env.TWILIO_AUTH_TOKEN } }).listen(3000);
import express, { type Express } from "express";
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
}: AppOptions = {}): Express {
  const voice = webhook(async ({ params }) => {
    const name = await callerName(params.From ?? "");
    const greeting = name === undefined ? undefined : `Hi ${name}, please leave a message after the tone.`;
    return <Voicemail greeting={greeting} />;
  }, options);
  const sms = webhook(({ params }) => <SmsAutoReply incoming={params.Body ?? ""} />, options);

  const app = express();
  // Before any `express.urlencoded()`: the webhook reads the body itself, byte for byte as Twilio signed it.
  app.all("/voice", toNodeHandler(voice));
  app.all("/sms", toNodeHandler(sms));
  return app;
}
