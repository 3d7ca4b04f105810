// A `<Connect><ConversationRelay>` reached by simulateCall: the session with the agent, played in process and
// over real WebSockets on loopback, per Twilio's pages:
// https://www.twilio.com/docs/voice/twiml/connect/conversationrelay
// https://www.twilio.com/docs/voice/conversationrelay/websocket-messages
import fc from "fast-check";
import { Connect, ConversationRelay, Dial, Parameter, Say, VoiceResponse } from "twiml-jsx";
import { type RelayMessageFromTwilio, webhook } from "twiml-jsx/server";
import { simulateCall } from "twiml-jsx/testing";
import { describe, expect, test, vi } from "vitest";
import type { CallerInput, CallResult, InputPrompt, RelayAgent, SimulateCallOptions } from "../../src/testing/types.js";
import { answerOf } from "../../src/testing/cli-call.js";
import { routes } from "./both-ways.js";
import { AGENT_ORIGIN, agentWays, serveAgent, TOKEN, type Served } from "./relay-agent.js";

const FROM = "+15550001111";
const TO = "+15550002222";

const ways = agentWays();

/** A receptionist-like flow: the session, then the action's `<Dial>` for a handoff. */
const app = (relay: { welcomeGreeting?: string; dtmfDetection?: boolean; action?: boolean } = {}) =>
  routes({
    "/": () => (
      <VoiceResponse>
        <Connect {...(relay.action !== false && { action: "/after" })}>
          <ConversationRelay
            url={`${AGENT_ORIGIN}/relay?desk=front`}
            {...(relay.welcomeGreeting !== undefined && { welcomeGreeting: relay.welcomeGreeting })}
            {...(relay.dtmfDetection !== undefined && { dtmfDetection: relay.dtmfDetection })}
          >
            <Parameter name="tier" value="gold" />
          </ConversationRelay>
        </Connect>
        <Say>After the session.</Say>
      </VoiceResponse>
    ),
    "/after": ({ params }) =>
      params.SessionStatus === "completed" ? (
        <VoiceResponse>
          <Say>Handing off: {params.HandoffData ?? "nothing"}.</Say>
          <Dial>+15550003333</Dial>
        </VoiceResponse>
      ) : (
        <VoiceResponse>
          <Say>Session {params.SessionStatus}.</Say>
        </VoiceResponse>
      ),
  });

type Options = Omit<SimulateCallOptions, "app" | "url" | "from" | "to" | "agent">;

/** The messages the agent got, and what each of its turns is. */
function recording(turn: (message: RelayMessageFromTwilio, send: (reply: unknown) => void) => void): {
  agent: RelayAgent;
  got: RelayMessageFromTwilio[];
} {
  const got: RelayMessageFromTwilio[] = [];
  return {
    got,
    agent: (message, session) => {
      got.push(message);
      turn(message, (reply) => session.send(reply as string));
    },
  };
}

/** Says "How can I help?" in two tokens to a prompt; hands off on "agent". */
const receptionist = (message: RelayMessageFromTwilio, send: (reply: unknown) => void): void => {
  if (message.type === "setup" || (message.type === "prompt" && !message.last)) return;
  if (message.type === "prompt" && message.voicePrompt.includes("agent")) {
    send({ type: "text", token: "Connecting you.", last: true });
    send({ type: "end", handoffData: '{"reason":"agent"}' });
    return;
  }
  if (message.type === "dtmf") {
    send({ type: "text", token: `You pressed ${message.digit}.`, last: true });
    return;
  }
  send({ type: "text", token: "How can ", last: false });
  send({ type: "text", token: "I help?", last: true });
};

describe.each(ways)("%s", (_, way) => {
  const call = async (agent: RelayAgent, flow = app({ welcomeGreeting: "Hello!" }), options: Options = {}): Promise<CallResult> =>
    simulateCall({ ...options, ...(await way(agent)), app: flow, url: "https://example.com/", from: FROM, to: TO, authToken: TOKEN });

  test("setup is the first message, with the call's identity and the <Parameter>s as customParameters", async () => {
    const { agent, got } = recording(receptionist);
    await call(agent, app({ welcomeGreeting: "Hello!" }), { input: [{ hangup: true }] });
    const setup = got[0] as Extract<RelayMessageFromTwilio, { type: "setup" }>;
    const { sessionId, callSid, accountSid, ...rest } = setup;
    expect([/^VX[0-9a-f]{32}$/.test(sessionId), /^CA[0-9a-f]{32}$/.test(callSid), /^AC[0-9a-f]{32}$/.test(accountSid ?? "")]).toEqual([
      true,
      true,
      true,
    ]);
    expect(rest).toEqual({
      type: "setup",
      parentCallSid: "",
      from: FROM,
      to: TO,
      callType: "PSTN",
      callerName: "",
      direction: "inbound",
      callStatus: "IN-PROGRESS",
      customParameters: { tier: "gold" },
    });
  });

  test("the welcome greeting, the caller's words as a prompt, and the agent's tokens joined until last: true", async () => {
    const { agent, got } = recording(receptionist);
    const result = await call(agent, app({ welcomeGreeting: "Hello!" }), { input: [{ speech: "What are your hours?" }, { hangup: true }] });
    expect([result.heard, got[1]]).toEqual([
      ["Hello!", "How can I help?"],
      { type: "prompt", voicePrompt: "What are your hours?", lang: "en-US", last: true },
    ]);
  });

  test("end with handoffData requests the <Connect> action with the session's parameters and runs its TwiML", async () => {
    const { agent } = recording(receptionist);
    const result = await call(agent, app({ welcomeGreeting: "Hello!" }), { input: [{ speech: "An agent, please." }] });
    const { SessionId, SessionDuration, ...params } = result.requests[1]!.params;
    expect([result.heard, result.end, /^VX[0-9a-f]{32}$/.test(SessionId!), /^\d+$/.test(SessionDuration!)]).toEqual([
      ["Hello!", "Connecting you.", 'Handing off: {"reason":"agent"}.'],
      "completed",
      true,
      true,
    ]);
    expect([params.SessionStatus, params.HandoffData, params.CallStatus, result.events.map((event) => event.verb)]).toEqual([
      "completed",
      '{"reason":"agent"}',
      "in-progress",
      ["Connect", "Say", "Dial"],
    ]);
  });

  test("without a welcome greeting the agent speaks first", async () => {
    const { agent } = recording((message, send) => {
      if (message.type === "setup") send({ type: "text", token: "Front desk.", last: true });
      else receptionist(message, send);
    });
    const result = await call(agent, app(), { input: [{ speech: "I need an agent" }] });
    expect(result.heard).toEqual(["Front desk.", "Connecting you.", 'Handing off: {"reason":"agent"}.']);
  });

  test("keys become one dtmf message per key when dtmfDetection is on", async () => {
    const { agent, got } = recording(receptionist);
    const result = await call(agent, app({ welcomeGreeting: "Hi.", dtmfDetection: true }), { input: ["12", { hangup: true }] });
    expect([got.slice(1, 3), result.heard.slice(0, 2)]).toEqual([
      [
        { type: "dtmf", digit: "1" },
        { type: "dtmf", digit: "2" },
      ],
      ["Hi.", "You pressed 1."],
    ]);
  });

  test("keys are refused when dtmfDetection is off: Twilio does not send them", async () => {
    const { agent } = recording(receptionist);
    const result = await call(agent, app({ welcomeGreeting: "Hi." }), { input: ["1"] });
    expect([result.end, result.error]).toEqual([
      "error",
      { code: 0, message: `the script's input 1 ("1") is keys, but <Connect> waits here for speech or a hangup` },
    ]);
  });

  test("a hangup requests the action with SessionStatus ended and CallStatus completed, and runs none of it", async () => {
    const { agent } = recording(receptionist);
    const result = await call(agent, app({ welcomeGreeting: "Hi." }), { input: [{ hangup: true }] });
    const params = result.requests[1]!.params;
    expect([params.SessionStatus, params.CallStatus, result.heard, result.end]).toEqual(["ended", "completed", ["Hi."], "hangup"]);
  });

  test("with partialPrompts, the words so far go first as prompts marked last: false", async () => {
    const { agent, got } = recording(receptionist);
    const flow = routes({
      "/": () => (
        <VoiceResponse>
          <Connect>
            <ConversationRelay url={`${AGENT_ORIGIN}/relay`} welcomeGreeting="Hi." partialPrompts />
          </Connect>
        </VoiceResponse>
      ),
    });
    await call(agent, flow, { input: [{ speech: "What are your hours?" }, { hangup: true }] });
    expect(got.slice(1).map((message) => (message.type === "prompt" ? `${message.voicePrompt} (${message.last})` : message.type))).toEqual([
      "What (false)",
      "What are (false)",
      "What are your (false)",
      "What are your hours? (true)",
    ]);
  });

  test("a language message switches the language of the next prompts", async () => {
    const { agent, got } = recording((message, send) => {
      if (message.type === "prompt" && message.voicePrompt === "Español") {
        send({ type: "language", ttsLanguage: "es-ES", transcriptionLanguage: "es-ES" });
        send({ type: "text", token: "Claro.", last: true });
      } else receptionist(message, send);
    });
    await call(agent, app({ welcomeGreeting: "Hi." }), { input: [{ speech: "Español" }, { speech: "Hola" }, { hangup: true }] });
    expect(got[2]).toEqual({ type: "prompt", voicePrompt: "Hola", lang: "es-ES", last: true });
  });

  test("play and sendDigits are heard as a <Play> of the audio and of the digits", async () => {
    const { agent } = recording((message, send) => {
      if (message.type !== "prompt") return;
      send({ type: "sendDigits", digits: "1w2" });
      send({ type: "play", source: "https://example.com/hold.mp3" });
    });
    const result = await call(agent, app({ welcomeGreeting: "Hi." }), { input: [{ speech: "Transfer me" }, { hangup: true }] });
    expect(result.heard).toEqual(["Hi.", "[play digits 1w2]", "[play https://example.com/hold.mp3]"]);
  });

  test("a malformed message ends the call with error 64107 naming the field, and the agent is told", async () => {
    const { agent, got } = recording((message, send) => {
      if (message.type === "prompt") send({ type: "text", token: 42, last: true });
    });
    const result = await call(agent, app({ welcomeGreeting: "Hi." }), { input: [{ speech: "Hello" }] });
    const description = 'Invalid message received: ConversationRelay message to Twilio (type "text"): token must be a string, got 42';
    expect([result.end, result.error?.code, result.error?.message]).toEqual([
      "error",
      64107,
      `<ConversationRelay url="${AGENT_ORIGIN}/relay?desk=front">: ${description}`,
    ]);
    // Over a socket, the error message may arrive after the call's result.
    await vi.waitFor(() => expect(got.at(-1)).toEqual({ type: "error", description }));
  });

  test("an agent that closes the socket without end fails the session: the action gets ErrorCode 64105", async () => {
    const result = await call(
      (message, session) => {
        if (message.type === "prompt") session.close();
      },
      app({ welcomeGreeting: "Hi." }),
      { input: [{ speech: "Hello" }] },
    );
    const params = result.requests[1]!.params;
    expect([params.SessionStatus, params.ErrorCode, result.heard]).toEqual(["failed", "64105", ["Hi.", "Session failed."]]);
  });

  test("without an action, a failed session ends the call with its error", async () => {
    const result = await call(
      (message, session) => {
        if (message.type === "prompt") session.close();
      },
      app({ welcomeGreeting: "Hi.", action: false }),
      { input: [{ speech: "Hello" }] },
    );
    expect([result.end, result.error?.code]).toEqual(["error", 64105]);
  });

  test("an agent that never finishes its reply ends the call with an error once the timeout passes", async () => {
    const result = await call(
      (message, session) => {
        if (message.type === "prompt") session.send({ type: "text", token: "Let me", last: false });
      },
      app({ welcomeGreeting: "Hi." }),
      { input: [{ speech: "Hello" }], timeout: 300 },
    );
    expect([result.end, result.error?.message]).toEqual([
      "error",
      `<ConversationRelay url="${AGENT_ORIGIN}/relay?desk=front">: the agent did not finish its reply to the prompt "Hello" within 300 ms ` +
        `(a reply ends with a text token marked last: true, a play or an end message)`,
    ]);
  });

  test("a script that runs out while the agent waits is a call that never ends", async () => {
    const result = await call(() => undefined, app({ welcomeGreeting: "Hi." }));
    expect(result.error?.message).toBe(
      `the call never ends: the agent of <ConversationRelay url="${AGENT_ORIGIN}/relay?desk=front"> waits for the caller; ` +
        `the script must speak ({ speech }), or hang up ({ hangup: true }) for <Connect> to end`,
    );
  });

  test("an interactive caller is asked at <Connect> for speech or a hangup, with what was heard", async () => {
    const prompts: InputPrompt[] = [];
    const answers = [{ speech: "Hello" }, { hangup: true as const }];
    await call(recording(receptionist).agent, app({ welcomeGreeting: "Hi." }), {
      onInput: async (prompt) => {
        prompts.push(prompt);
        return answers.shift();
      },
    });
    expect(prompts.map(({ verb, accepts, heard }) => ({ verb, accepts, heard }))).toEqual([
      { verb: "Connect", accepts: ["speech", "hangup"], heard: ["Hi."] },
      { verb: "Connect", accepts: ["speech", "hangup"], heard: ["Hi.", "How can I help?"] },
    ]);
  });

  test("a hangup after hearing the agent's words ends the session there", async () => {
    const { agent } = recording(receptionist);
    const result = await call(agent, app({ welcomeGreeting: "Hi." }), { input: [{ speech: "Hello" }, { hangup: true, after: "help" }] });
    expect([result.heard, result.requests[1]!.params.SessionStatus, result.end]).toEqual([["Hi.", "How can I help?"], "ended", "hangup"]);
  });
});

describe("in process", () => {
  const inProcess = (agent: RelayAgent, options: Options = {}): Promise<CallResult> =>
    simulateCall({ ...options, agent, app: app({ welcomeGreeting: "Hi." }), from: FROM, to: TO });

  test("a hangup by signal while the agent is replying ends the session as a hangup", async () => {
    const controller = new AbortController();
    const result = await inProcess(
      (message) => {
        if (message.type === "prompt") setTimeout(() => controller.abort(), 20);
      },
      { input: [{ speech: "Hello" }], signal: controller.signal },
    );
    expect([result.end, result.requests[1]?.params.SessionStatus]).toEqual(["hangup", "ended"]);
  });

  test("a message type the types refuse is refused at run time too, with 64107", async () => {
    const result = await inProcess(
      (message, session) => {
        // @ts-expect-error "speak" is not a message ConversationRelay accepts
        if (message.type === "prompt") session.send({ type: "speak", token: "Hi" });
      },
      { input: [{ speech: "Hello" }] },
    );
    expect(result.error).toEqual({
      code: 64107,
      message:
        `<ConversationRelay url="${AGENT_ORIGIN}/relay?desk=front">: Invalid message received: ConversationRelay message to Twilio: ` +
        `the message's "type" must be one of text, play, sendDigits, language, end, got "speak"`,
    });
  });

  test("onEvent hears the agent's replies as from <ConversationRelay>", async () => {
    const heard: string[] = [];
    await inProcess(recording(receptionist).agent, {
      input: [{ speech: "Hello" }, { hangup: true }],
      onEvent: (event) => void (event.type === "heard" && heard.push(`${event.verb}: ${event.text}`)),
    });
    expect(heard).toEqual(["ConversationRelay: Hi.", "ConversationRelay: How can I help?"]);
  });

  test("any reply, however split into tokens, is heard as the tokens joined", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string(), { minLength: 1, maxLength: 8 }), async (tokens) => {
        const result = await inProcess(
          (message, session) => {
            if (message.type !== "prompt") return;
            for (const [i, token] of tokens.entries()) session.send({ type: "text", token, last: i === tokens.length - 1 });
          },
          { input: [{ speech: "Hello" }, { hangup: true }] },
        );
        expect(result.heard).toEqual(["Hi.", tokens.join("")]);
      }),
      { numRuns: 50 },
    );
  });
});

describe("the WebSocket handshake", () => {
  /** A call signed with `TOKEN` whose ConversationRelay reaches the loopback server `served`. */
  const callServed = (served: Served, input: CallerInput[] = []): Promise<CallResult> =>
    simulateCall({
      app: app({ welcomeGreeting: "Hi." }),
      from: FROM,
      to: TO,
      authToken: TOKEN,
      webSocketUrl: (url) => url.replace(AGENT_ORIGIN, served.origin),
      input,
    });

  test("is signed over the wss:// URL as written, which verifyWebSocketRequest accepts", async () => {
    const served = await serveAgent((message, session) => receptionist(message, (reply) => session.send(reply as string)));
    const result = await callServed(served, [{ hangup: true }]);
    expect([served.verdicts, result.end]).toEqual([[true], "hangup"]);
  });

  test("signed with another token, it is refused: the session fails with 64102", async () => {
    const served = await serveAgent(() => undefined, "another-token");
    const result = await callServed(served);
    const params = result.requests[1]!.params;
    expect([served.verdicts, params.SessionStatus, params.ErrorCode, result.heard]).toEqual([
      [false],
      "failed",
      "64102",
      ["Session failed."],
    ]);
  });

  test("an in-process agent sees the handshake's signature over the URL as written", async () => {
    const { computeSignature } = await import("twiml-jsx/server");
    let seen: { url: string; signature: string | undefined } | undefined;
    await simulateCall({
      app: app({ welcomeGreeting: "Hi." }),
      from: FROM,
      to: TO,
      authToken: TOKEN,
      agent: (_, session) => void (seen = { url: session.url, signature: session.headers["x-twilio-signature"] }),
      input: [{ hangup: true }],
    });
    expect(seen).toEqual({
      url: `${AGENT_ORIGIN}/relay?desk=front`,
      signature: await computeSignature(TOKEN, `${AGENT_ORIGIN}/relay?desk=front`, null),
    });
  });

  test("a url that is not wss:// fails with 64102 before any connection", async () => {
    const flow = routes({
      "/": () => (
        <VoiceResponse>
          <Connect>
            <ConversationRelay url="https://agent.example.com/relay" />
          </Connect>
        </VoiceResponse>
      ),
    });
    const result = await simulateCall({ app: flow, from: FROM, to: TO, agent: () => undefined });
    expect(result.error).toEqual({
      code: 64102,
      message: `<ConversationRelay url="https://agent.example.com/relay">: Twilio connects only to an absolute wss:// URL`,
    });
  });
});

describe("twiml-jsx call at a ConversationRelay", () => {
  test("a typed line is words said to the agent", () => {
    expect(answerOf("What are your hours?", { verb: "Connect", accepts: ["speech", "hangup"] })).toEqual({
      speech: "What are your hours?",
    });
  });

  test("a line of keys is keys when the session listens for them", () => {
    expect(answerOf("0", { verb: "Connect", accepts: ["speech", "keys", "hangup"] })).toBe("0");
  });

  test("a line of keys is words when it does not", () => {
    expect(answerOf("0", { verb: "Connect", accepts: ["speech", "hangup"] })).toEqual({ speech: "0" });
  });
});

// The "AI voice agents" example of the README, as written there.
const readmeApp = webhook(({ url, params }) =>
  url.pathname === "/voice" ? (
    <VoiceResponse>
      <Connect action="/handoff">
        <ConversationRelay url="wss://agent.example.com/relay" welcomeGreeting="Hi! How can I help?" />
      </Connect>
    </VoiceResponse>
  ) : (
    <VoiceResponse>
      <Say>Connecting you to {params.HandoffData}.</Say>
      <Dial>+15550100</Dial>
    </VoiceResponse>
  ),
);

test("the agent hands a buyer to sales", async () => {
  const result = await simulateCall({
    app: readmeApp,
    url: "https://example.com/voice",
    from: "+15550001111",
    to: "+15550002222",
    // Plays the WebSocket server in process; without it, the simulator connects to the url with `ws`.
    agent: (message, session) => {
      if (message.type !== "prompt") return;
      session.send({ type: "text", token: "Let me get ", last: false });
      session.send({ type: "text", token: "someone.", last: true });
      session.send({ type: "end", handoffData: "sales" });
    },
    input: [{ speech: "I want to buy something" }],
  });
  expect(result.heard).toEqual(["Hi! How can I help?", "Let me get someone.", "Connecting you to sales."]);
});
