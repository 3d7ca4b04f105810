// A phone number's two webhooks on a bare `node:http` server: calls go to voicemail, texts get an
// automatic reply.
//   createTwilioServer({ webhook: { authToken: process.env.TWILIO_AUTH_TOKEN } }).listen(3000);
import { createServer, type Server } from "node:http";
import { toNodeHandler, type NodeListener } from "twiml-jsx/server";
import { webhooks, type AppOptions } from "./webhooks.js";

export type { AppOptions };

export function createTwilioServer(options: AppOptions = {}): Server {
  const { voice, sms } = webhooks(options);

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
