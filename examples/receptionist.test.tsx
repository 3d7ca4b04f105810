// The receptionist's whole call through the simulator: its webhooks in process, its agent over real WebSockets
// on loopback, the handshake signed by the simulator and verified by the server as Twilio's would be
// (https://www.twilio.com/docs/voice/twiml/connect/conversationrelay).
import type { AddressInfo } from "node:net";
import { simulateCall, type CallerInput, type CallResult } from "twiml-jsx/testing";
import { computeSignature } from "twiml-jsx/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import WebSocket from "ws";
import { agentTurn, createReceptionist, createReceptionistHandler, DESKS, reply } from "./receptionist.js";

const TOKEN = "receptionist-token";
const PUBLIC = "https://reception.example.com";
const logged: string[] = [];
const options = { authToken: TOKEN, publicUrl: PUBLIC, log: (message: string) => void logged.push(message) };
const server = createReceptionist(options);
let loopback = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  loopback = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A call to the receptionist whose agent socket reaches `agent` (the loopback server unless told otherwise). */
function call(input: readonly CallerInput[], agent = (): string => loopback): Promise<CallResult> {
  return simulateCall({
    app: createReceptionistHandler(options),
    url: `${PUBLIC}/voice/receptionist`,
    from: "+15550001111",
    to: "+15550002222",
    authToken: TOKEN,
    webSocketUrl: (url) => url.replace("wss://reception.example.com", agent()),
    input,
  });
}

const GREETING = "Hi, this is Acme's virtual receptionist. Ask me about our hours or address, or ask for a person.";

describe("the receptionist's call", () => {
  test("answers a question, then hands the caller to the desk they asked for with a <Dial>", async () => {
    const result = await call([{ speech: "When are you open?" }, { speech: "Can I talk to sales?" }]);
    expect([result.heard, result.events.at(-1), result.end]).toEqual([
      [
        GREETING,
        "We're open Monday to Friday, nine to five.",
        "Sure, let me put you through to sales.",
        "Connecting you to our sales desk.",
      ],
      { verb: "Dial", attributes: {}, text: DESKS.sales },
      "completed",
    ]);
  });

  test("the handoff request carries the agent's handoffData", async () => {
    const result = await call([{ speech: "I'd like a person, please" }]);
    const { SessionStatus, HandoffData } = result.requests[1]!.params;
    expect([result.requests[1]!.url, SessionStatus, HandoffData]).toEqual([
      `${PUBLIC}/voice/receptionist/handoff`,
      "completed",
      '{"desk":"front"}',
    ]);
  });

  test("pressing 0 reaches the front desk", async () => {
    const result = await call(["0"]);
    expect(result.events.at(-1)?.text).toBe(DESKS.front);
  });

  test("a goodbye ends the session without a handoff, and the call hangs up", async () => {
    const result = await call([{ speech: "That's all, bye" }]);
    expect([result.heard.at(-1), result.events.map((event) => event.verb), result.end]).toEqual([
      "Thanks for calling Acme. Goodbye!",
      ["Connect", "Hangup"],
      "hangup",
    ]);
  });

  test("an agent that cannot be reached still gets the caller to the front desk", async () => {
    const result = await call([], () => "ws://127.0.0.1:1");
    expect([result.requests[1]!.params.ErrorCode, result.heard]).toEqual([
      "64102",
      ["Sorry, our assistant is unavailable.", "Connecting you to our front desk."],
    ]);
  });
});

describe("the agent's WebSocket", () => {
  test("refuses a handshake without Twilio's signature", async () => {
    const socket = new WebSocket(`${loopback}/agent`);
    const status = await new Promise<number | undefined>((resolve) => {
      socket.once("unexpected-response", (request, response) => {
        request.destroy();
        resolve(response.statusCode);
      });
      socket.once("open", () => {
        socket.terminate();
        resolve(undefined);
      });
    });
    expect(status).toBe(403);
  });

  test("logs a message it cannot read, naming what is wrong", async () => {
    const signature = await computeSignature(TOKEN, "wss://reception.example.com/agent", null);
    const socket = new WebSocket(`${loopback}/agent`, { headers: { "x-twilio-signature": signature } });
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send('{"type":"prompt","voicePrompt":"Hi"}');
    await vi.waitFor(() =>
      expect(logged.at(-1)).toBe('ConversationRelay message from Twilio (type "prompt"): lang must be a string, got nothing'),
    );
    socket.terminate();
  });

  test("answers nothing to an interruption", () => {
    expect(agentTurn({ type: "interrupt", utteranceUntilInterrupt: "Hi", durationUntilInterruptMs: 200 })).toEqual([]);
  });

  test("streams a reply as tokens, the last one marked", () => {
    expect(agentTurn({ type: "prompt", voicePrompt: "Where are you located?", lang: "en-US", last: true })).toEqual([
      { type: "text", token: "We're ", last: false },
      { type: "text", token: "at ", last: false },
      { type: "text", token: "1 ", last: false },
      { type: "text", token: "Market ", last: false },
      { type: "text", token: "Street, ", last: false },
      { type: "text", token: "San ", last: false },
      { type: "text", token: "Francisco.", last: true },
    ]);
  });

  test("falls back to what it can do for anything else", () => {
    expect(reply("Do you sell bicycles?")).toEqual({
      text: "I can tell you our hours or our address, or connect you to sales, billing or the front desk.",
    });
  });
});
