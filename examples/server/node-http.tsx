// A phone number's two webhooks on a bare `node:http` server: calls go to voicemail, texts get an
// automatic reply.
//   createTwilioServer({ webhook: { authToken: process.env.TWILIO_AUTH_TOKEN } }).listen(3000);
import { createServer, type Server } from "node:http";
import { toNodeHandler, webhook, type NodeListener, type WebhookOptions } from "twiml-jsx/server";
import { SmsAutoReply } from "../sms-reply.js";
import { Voicemail } from "../voicemail.js";

export interface AppOptions {
  /** Finds a caller's name from their number, for instance in your CRM; undefined for strangers. */
  callerName?: (phone: string) => Promise<string | undefined>;
  /** Signature checks, caching, body limit and error reporting, for both webhooks. */
  webhook?: WebhookOptions;
}

export function createTwilioServer({
  callerName = async () => undefined,
  webhook: options = {},
}: AppOptions = {}): Server {
  const voice = webhook(async ({ params }) => {
    const name = await callerName(params.From ?? "");
    const greeting = name === undefined ? undefined : `Hi ${name}, please leave a message after the tone.`;
    return <Voicemail greeting={greeting} />;
  }, options);
  const sms = webhook(({ params }) => <SmsAutoReply incoming={params.Body ?? ""} />, options);

  const routes = new Map<string, NodeListener>([
    ["/voice", toNodeHandler(voice)],
    ["/sms", toNodeHandler(sms)],
  ]);
  return createServer((req, res) => {
    const route = routes.get((req.url ?? "/").split("?")[0]!);
    if (route === undefined) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not Found");
      return;
    }
    // The listener answers every failure itself (400, 500): its promise never rejects.
    void route(req, res);
  });
}
