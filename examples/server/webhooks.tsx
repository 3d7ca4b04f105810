// A phone number's two webhooks, shared by the framework examples beside this file: calls go to voicemail,
// texts get an automatic reply. Each webhook is a fetch handler (`Request` in, `Response` out); the examples
// only differ in how they route to them.
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
export function webhooks({ callerName = async () => undefined, webhook: options = {} }: AppOptions = {}): Webhooks {
  return {
    voice: webhook(async ({ params }) => {
      const name = await callerName(params.From ?? "");
      const greeting = name === undefined ? undefined : `Hi ${name}, please leave a message after the tone.`;
      return <Voicemail greeting={greeting} />;
    }, options),
    sms: webhook(({ params }) => <SmsAutoReply incoming={params.Body ?? ""} />, options),
  };
}
