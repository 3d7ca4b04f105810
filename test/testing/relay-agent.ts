// A ConversationRelay agent for the tests, played two ways: in process (the `agent` option) and as a real
// WebSocket server on loopback, behind the `wss://` URL the TwiML names, checking the handshake's signature.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseRelayMessage, verifyWebSocketRequest, type RelayMessageFromTwilio } from "twiml-jsx/server";
import { afterEach } from "vitest";
import { WebSocketServer } from "ws";
import type { RelayAgent, SimulateCallOptions } from "../../src/testing/types.js";

/** The public origin of the agent in the TwiML: Twilio only connects to `wss://`. */
export const AGENT_ORIGIN = "wss://agent.example.com";
export const TOKEN = "relay-token";

/** The options that put `agent` behind `AGENT_ORIGIN`, one way or the other. */
export type AgentWay = (agent: RelayAgent) => Promise<Pick<SimulateCallOptions, "agent" | "webSocketUrl">>;

export interface Served {
  readonly origin: string;
  /** Each handshake's verdict, in order. */
  readonly verdicts: boolean[];
  /** Each message the server received, as parsed. */
  readonly received: RelayMessageFromTwilio[];
}

const servers: Server[] = [];

/** Serves `agent` over real WebSockets on loopback; handshakes are verified against `token` and `AGENT_ORIGIN`. */
export async function serveAgent(agent: RelayAgent, token = TOKEN): Promise<Served> {
  const server = createServer((_, response) => response.writeHead(426).end());
  const sockets = new WebSocketServer({ noServer: true });
  const served: Served = { origin: "", verdicts: [], received: [] };
  server.on("upgrade", (request, socket, head) => {
    void verifyWebSocketRequest(request, { authToken: token, publicUrl: AGENT_ORIGIN, log: () => undefined }).then((valid) => {
      served.verdicts.push(valid);
      if (!valid) {
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
        return;
      }
      sockets.handleUpgrade(request, socket, head, (ws) => {
        const headers: Record<string, string> = {};
        const signature = request.headers["x-twilio-signature"];
        if (typeof signature === "string") headers["x-twilio-signature"] = signature;
        const session = {
          url: AGENT_ORIGIN + (request.url ?? "/"),
          headers,
          send: (message: unknown) => ws.send(typeof message === "string" ? message : JSON.stringify(message)),
          close: () => ws.close(),
        };
        let queue = Promise.resolve();
        ws.on("message", (data) => {
          const message = parseRelayMessage(data as Buffer);
          served.received.push(message);
          queue = queue.then(() => agent(message, session)).catch(() => ws.terminate());
        });
      });
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { ...served, origin: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` } satisfies Served;
}

/** Both ways, for `describe.each`; closes the loopback servers after each test. */
export function agentWays(): readonly (readonly [string, AgentWay])[] {
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
  return [
    ["in process", async (agent) => ({ agent })],
    [
      "over WebSocket",
      async (agent) => {
        const { origin } = await serveAgent(agent);
        return { webSocketUrl: (url: string) => url.replace(AGENT_ORIGIN, origin) };
      },
    ],
  ];
}
