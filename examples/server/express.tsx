// A phone number's two webhooks on Express: calls go to voicemail, texts get an automatic reply.
//   createApp({ webhook: { authToken: process.env.TWILIO_AUTH_TOKEN } }).listen(3000);
import express, { type Express } from "express";
import { toNodeHandler } from "twiml-jsx/server";
import { webhooks, type AppOptions } from "./webhooks.js";

export type { AppOptions };

export function createApp(options: AppOptions = {}): Express {
  const { voice, sms } = webhooks(options);

  const app = express();
  // Before any `express.urlencoded()`: the webhook reads the body itself, byte for byte as Twilio signed it.
  app.all("/voice", toNodeHandler(voice));
  app.all("/sms", toNodeHandler(sms));
  return app;
}
