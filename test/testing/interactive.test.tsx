// The interactive caller: `onInput` at every point where the call waits, `onEvent` as things happen, and
// `signal` for a hangup at any moment.
import { Connect, Dial, Enqueue, Gather, Pay, Play, Record, Refer, Say, Sip, Stream, VoiceResponse } from "twiml-jsx";
import { describe, expect, test } from "vitest";
import { simulateCall } from "../../src/testing/index.js";
import type { App, CallerInput, InputPrompt, LiveEvent } from "../../src/testing/types.js";
import { bothWays, FROM, routes, TO } from "./both-ways.js";

const ways = bothWays();

const everyWait = routes({
  "/": () => (
    <VoiceResponse>
      <Gather input={["dtmf", "speech"]} action="/1">
        <Say voice="Polly.Joanna">Choose.</Say>
      </Gather>
    </VoiceResponse>
  ),
  "/1": () => (
    <VoiceResponse>
      <Record action="/2" maxLength={30} />
    </VoiceResponse>
  ),
  "/2": () => (
    <VoiceResponse>
      <Dial action="/3">+15550009999</Dial>
    </VoiceResponse>
  ),
  "/3": () => (
    <VoiceResponse>
      <Enqueue action="/4">support</Enqueue>
    </VoiceResponse>
  ),
  "/4": () => (
    <VoiceResponse>
      <Pay action="/5" />
    </VoiceResponse>
  ),
  "/5": () => (
    <VoiceResponse>
      <Connect action="/6">
        <Stream url="wss://example.com/audio" />
      </Connect>
    </VoiceResponse>
  ),
  "/6": () => (
    <VoiceResponse>
      <Refer action="/7">
        <Sip>sip:alice@example.com</Sip>
      </Refer>
    </VoiceResponse>
  ),
  "/7": () => (
    <VoiceResponse>
      <Play loop={0}>https://example.com/hold.mp3</Play>
    </VoiceResponse>
  ),
});

/** A caller who, once asked, never answers and hangs up 20 ms later (the phone's Hang up button). */
function hangUpOnceAsked(): { signal: AbortSignal; onInput: () => Promise<undefined> } {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    onInput: () => {
      setTimeout(() => controller.abort(), 20);
      return new Promise<undefined>(() => {});
    },
  };
}

describe.each(ways)("%s", (_, run) => {
  test("onInput is asked at every verb that waits, with what it accepts and what was heard", async () => {
    const prompts: string[] = [];
    const answers: CallerInput[] = [
      "1",
      { record: { duration: 4 } },
      { dial: "busy" },
      { queue: "leave" },
      { pay: "success" },
      { connect: {} },
      { refer: "completed" },
      { hangup: true },
    ];
    const { result, requested } = await run(everyWait, {
      onInput: async (prompt: InputPrompt) => {
        prompts.push(`${prompt.verb} [${prompt.accepts.join(" ")}] heard ${prompt.heard.length}`);
        return answers.shift();
      },
    });
    expect([prompts, requested.length, result.end, result.error]).toEqual([
      [
        "Gather [keys speech silence hangup] heard 1",
        "Record [record hangup] heard 1",
        "Dial [dial hangup] heard 1",
        "Enqueue [queue hangup] heard 1",
        "Pay [pay hangup] heard 1",
        "Connect [connect hangup] heard 1",
        "Refer [refer hangup] heard 1",
        "Play [hangup] heard 2",
      ],
      8,
      "hangup",
      undefined,
    ]);
  });

  test("onInput is asked only once the scripted input has run out", async () => {
    const asked: string[] = [];
    const { result } = await run(everyWait, {
      input: ["1", { record: { duration: 4 } }],
      onInput: async (prompt) => {
        asked.push(prompt.verb);
        return { hangup: true };
      },
    });
    expect([asked, result.end]).toEqual([["Dial"], "hangup"]);
  });

  test("undefined from onInput is the verb's default outcome", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Gather action="/x">
            <Say>Choose.</Say>
          </Gather>
          <Say>Nothing chosen.</Say>
        </VoiceResponse>
      ),
    });
    const { result } = await run(app, { onInput: async () => undefined });
    expect([result.heard, result.end]).toEqual([["Choose.", "Nothing chosen."], "completed"]);
  });

  test("an answer of a kind the verb does not accept ends the call with an error naming both", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Record action="/x" />
        </VoiceResponse>
      ),
    });
    const { result } = await run(app, { onInput: async () => "1" });
    expect(result.error).toEqual({
      code: 0,
      message: `the interactive caller's answer ("1") is keys, but <Record> waits here for a recording or a hangup`,
    });
  });

  test("onEvent reports requests, responses, verbs, what is heard and the end, in order", async () => {
    const seen: string[] = [];
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Gather numDigits={1} action="/next">
            <Say voice="Polly.Joanna" language="en-US">
              Hi.
            </Say>
          </Gather>
        </VoiceResponse>
      ),
      "/next": () => (
        <VoiceResponse>
          <Play>https://example.com/a.mp3</Play>
        </VoiceResponse>
      ),
    });
    const show = (event: LiveEvent): string => {
      switch (event.type) {
        case "request":
          return `request ${event.request.method} ${new URL(event.request.url).pathname}`;
        case "response":
          return `response ${event.status} ${event.headers["content-type"]} ${event.body.length > 0}`;
        case "verb":
          return `verb ${event.event.verb}`;
        case "heard":
          return `heard ${event.text} from ${event.verb} ${JSON.stringify(event.attributes)}`;
        case "end":
          return `end ${event.result.end} ${event.result.requests.length}`;
      }
    };
    await run(app, { input: ["5"], onEvent: (event) => seen.push(show(event)) });
    expect(seen).toEqual([
      "request POST /",
      "response 200 text/xml; charset=utf-8 true",
      "verb Gather",
      'heard Hi. from Say {"voice":"Polly.Joanna","language":"en-US"}',
      "request POST /next",
      "response 200 text/xml; charset=utf-8 true",
      "verb Play",
      "heard [play https://example.com/a.mp3] from Play {}",
      "end completed 2",
    ]);
  });

  test("aborting the signal while a Record waits hangs up: the action gets the recording so far, its TwiML ignored", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Record action="/saved" />
        </VoiceResponse>
      ),
      "/saved": () => (
        <VoiceResponse>
          <Say>Saved.</Say>
        </VoiceResponse>
      ),
    });
    const { result, params } = await run(app, hangUpOnceAsked());
    expect([params(1).Digits, params(1).RecordingDuration, params(1).CallStatus, result.heard, result.end]).toEqual([
      "hangup",
      "1",
      "completed",
      [],
      "hangup",
    ]);
  });

  test("aborting the signal during a Dial requests its action with the time the call lasted, its TwiML ignored", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Dial action="/after">+15550009999</Dial>
        </VoiceResponse>
      ),
      "/after": () => (
        <VoiceResponse>
          <Say>After.</Say>
        </VoiceResponse>
      ),
    });
    const { result, params } = await run(app, hangUpOnceAsked());
    expect([params(1).DialCallStatus, params(1).DialCallDuration, params(1).CallStatus, result.heard, result.end]).toEqual([
      "completed",
      "1",
      "completed",
      [],
      "hangup",
    ]);
  });

  test("aborting the signal while a Gather waits ends the call without a request", async () => {
    const controller = new AbortController();
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Gather action="/x">
            <Say>Choose.</Say>
          </Gather>
        </VoiceResponse>
      ),
    });
    const { result } = await run(app, {
      signal: controller.signal,
      onInput: async () => {
        controller.abort();
        return "1";
      },
    });
    expect([result.requests.length, result.end]).toEqual([1, "hangup"]);
  });
});

test("a signal aborted between verbs stops the call before the next verb", async () => {
  const controller = new AbortController();
  const app: App = routes({
    "/": () => (
      <VoiceResponse>
        <Say>One.</Say>
        <Say>Two.</Say>
      </VoiceResponse>
    ),
  });
  const result = await simulateCall({
    app,
    from: FROM,
    to: TO,
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === "heard") controller.abort();
    },
  });
  expect([result.heard, result.end]).toEqual([["One."], "hangup"]);
});

test("onInput that throws ends the call with an error result instead of rejecting", async () => {
  const app = routes({
    "/": () => (
      <VoiceResponse>
        <Gather action="/x">
          <Say>Choose.</Say>
        </Gather>
      </VoiceResponse>
    ),
  });
  const result = await simulateCall({
    app,
    from: FROM,
    to: TO,
    onInput: async () => {
      throw new Error("the browser went away");
    },
  });
  expect([result.end, result.error]).toEqual(["error", { code: 0, message: "the simulation failed: the browser went away" }]);
});
