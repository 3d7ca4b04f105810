import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  Connect,
  Dial,
  Enqueue,
  Gather,
  Hangup,
  Number,
  Pause,
  Play,
  Record,
  Redirect,
  Reject,
  Say,
  Sms,
  Stream,
  VoiceResponse,
  type GatherProps,
  type TwiMLElement,
} from "twiml-jsx";
import { toNodeHandler, webhook, type WebhookContext, type WebhookOptions } from "twiml-jsx/server";
import { afterEach, describe, expect, test } from "vitest";
import { simulateCall } from "../../src/testing/index.js";
import type { App, CallResult, SimulateCallOptions } from "../../src/testing/types.js";

const FROM = "+15550001111";
const TO = "+15550002222";
const TOKEN = "12345";

type Route = (context: WebhookContext) => TwiMLElement | Response;

/** A webhook app answering each path with its route, and 404 elsewhere. */
function routes(table: Record<string, Route>, options: WebhookOptions = {}): App {
  return webhook((context) => table[context.url.pathname]?.(context) ?? new Response("Not Found", { status: 404 }), options);
}

/** An app that answers every request with the same raw response. */
function answering(body: string, init: ResponseInit): App {
  return () => new Response(body, init);
}

function call(app: App, options: Partial<SimulateCallOptions> = {}): Promise<CallResult> {
  return simulateCall({ app, from: FROM, to: TO, ...options });
}

/** A query string with the parameters sorted by name, as Twilio writes them. */
function query(params: Record<string, string>): string {
  return new URLSearchParams(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1))).toString();
}

/**
 * The parameters every request of the call carries, location parameters empty for numbers Twilio cannot place
 * (https://www.twilio.com/docs/api/twiml/twilio_request).
 */
function standard(result: CallResult, status: "ringing" | "in-progress" | "completed"): Record<string, string> {
  const { CallSid, AccountSid } = result.requests[0]!.params;
  const location = (prefix: string): Record<string, string> => ({
    [`${prefix}City`]: "",
    [`${prefix}Country`]: "",
    [`${prefix}State`]: "",
    [`${prefix}Zip`]: "",
  });
  return {
    AccountSid: AccountSid!,
    ApiVersion: "2010-04-01",
    CallSid: CallSid!,
    CallStatus: status,
    Called: TO,
    ...location("Called"),
    Caller: FROM,
    ...location("Caller"),
    Direction: "inbound",
    From: FROM,
    ...location("From"),
    To: TO,
    ...location("To"),
  };
}

const ivr = routes({
  "/": () => (
    <VoiceResponse>
      <Gather numDigits={1} action="/menu">
        <Say>Press 1 for sales, 2 for support.</Say>
      </Gather>
      <Say>We did not get your choice. Goodbye.</Say>
    </VoiceResponse>
  ),
  "/menu": ({ params }) => (
    <VoiceResponse>
      <Say>{params.Digits === "1" ? "Connecting you to sales." : "Connecting you to support."}</Say>
    </VoiceResponse>
  ),
});

describe("requests", () => {
  test("the first request posts Twilio's call parameters to http://localhost/ with CallStatus ringing", async () => {
    const result = await call(routes({ "/": () => <VoiceResponse /> }));
    expect(result.requests).toEqual([{ method: "POST", url: "http://localhost/", params: standard(result, "ringing") }]);
  });

  test("CallSid and AccountSid are Twilio-shaped", async () => {
    const result = await call(routes({ "/": () => <VoiceResponse /> }));
    const { CallSid, AccountSid } = result.requests[0]!.params;
    expect([/^CA[0-9a-f]{32}$/.test(CallSid!), /^AC[0-9a-f]{32}$/.test(AccountSid!)]).toEqual([true, true]);
  });

  test("the same call gets the same CallSid every time, another caller another one", async () => {
    const app = routes({ "/": () => <VoiceResponse /> });
    const sids = await Promise.all(
      [FROM, FROM, "+15550003333"].map(async (from) => (await simulateCall({ app, from, to: TO })).requests[0]!.params.CallSid),
    );
    expect([sids[0] === sids[1], sids[0] === sids[2]]).toEqual([true, false]);
  });

  test("requests after the first carry CallStatus in-progress", async () => {
    const result = await call(ivr, { input: ["1"] });
    expect(result.requests[1]!.params.CallStatus).toBe("in-progress");
  });

  test("extra parameters are sent with every request", async () => {
    const result = await call(ivr, { input: ["1"], params: { CallerName: "ALICE" } });
    expect(result.requests.map((request) => request.params.CallerName)).toEqual(["ALICE", "ALICE"]);
  });

  test("a GET request puts the parameters in the query string, after the query the URL has", async () => {
    const result = await call(routes({ "/start": () => <VoiceResponse /> }), { url: "http://localhost/start?lang=fr", method: "GET" });
    const params = standard(result, "ringing");
    expect(result.requests).toEqual([{ method: "GET", url: `http://localhost/start?lang=fr&${new URLSearchParams(params)}`, params }]);
  });

  test("a GET request's parameters reach the app", async () => {
    let seen: Record<string, string | undefined> = {};
    await call(
      routes({
        "/": ({ params }) => {
          seen = { ...params };
          return <VoiceResponse />;
        },
      }),
      { method: "GET" },
    );
    expect([seen.From, seen.CallStatus]).toEqual([FROM, "ringing"]);
  });

  test("a POST request keeps the URL's query and sends the parameters as a form body", async () => {
    let seen: { query: string; body: string } = { query: "", body: "" };
    const app = routes({
      "/start": ({ query, rawBody }) => {
        seen = { query: query.toString(), body: rawBody };
        return <VoiceResponse />;
      },
    });
    const result = await call(app, { url: "http://localhost/start?lang=fr" });
    expect(seen).toEqual({ query: "lang=fr", body: new URLSearchParams(standard(result, "ringing")).toString() });
  });

  test("a relative action resolves against the URL of the document that holds it", async () => {
    const app = routes({
      "/ivr/start": () => (
        <VoiceResponse>
          <Gather action="choice">
            <Say>Choose.</Say>
          </Gather>
        </VoiceResponse>
      ),
      "/ivr/choice": () => <VoiceResponse />,
    });
    const result = await call(app, { url: "http://localhost/ivr/start", input: ["4#"] });
    expect(result.requests[1]!.url).toBe("http://localhost/ivr/choice");
  });

  test("cookies the app sets are sent back on the call's later requests", async () => {
    let cookie: string | null = null;
    const app: App = (request) => {
      if (new URL(request.url).pathname === "/") {
        return new Response("<Response><Redirect>/next</Redirect></Response>", {
          headers: { "content-type": "text/xml", "set-cookie": "step=menu; Path=/; HttpOnly" },
        });
      }
      cookie = request.headers.get("cookie");
      return new Response("<Response/>", { headers: { "content-type": "text/xml" } });
    };
    await call(app);
    expect(cookie).toBe("step=menu");
  });
});

describe("Say, Play and Pause", () => {
  test("run in order: the caller hears each Say and Play, Pause is only an event", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Say>Welcome.</Say>
          <Pause length={2} />
          <Play>https://example.com/jingle.mp3</Play>
        </VoiceResponse>
      ),
    });
    const result = await call(app);
    expect([result.heard, result.events]).toEqual([
      ["Welcome.", "[play https://example.com/jingle.mp3]"],
      [
        { verb: "Say", attributes: {}, text: "Welcome." },
        { verb: "Pause", attributes: { length: "2" } },
        { verb: "Play", attributes: {}, text: "https://example.com/jingle.mp3" },
      ],
    ]);
  });

  test("SSML is flattened to the words spoken: sub read as its alias, whitespace collapsed", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Say>
            {"  Visit   "}
            <sub alias="World Wide Web">WWW</sub> <emphasis level="strong">today</emphasis>
            {"\n"}
            <p>Thanks.</p>
          </Say>
        </VoiceResponse>
      ),
    });
    expect((await call(app)).heard).toEqual(["Visit World Wide Web today Thanks."]);
  });

  test("a break separates the words around it", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Say>
            One.
            <break time="300ms" />
            Two.
          </Say>
        </VoiceResponse>
      ),
    });
    expect((await call(app)).heard).toEqual(["One. Two."]);
  });

  test("paragraphs and sentences are spoken apart", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Say>
            <p>One.</p>
            <p>
              <s>Two.</s>
              <s>Three.</s>
            </p>
          </Say>
        </VoiceResponse>
      ),
    });
    expect((await call(app)).heard).toEqual(["One. Two. Three."]);
  });

  test("Play digits is heard as the tones it sends", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Play digits="1w2" />
        </VoiceResponse>
      ),
    });
    expect((await call(app)).heard).toEqual(["[play digits 1w2]"]);
  });

  test("loop repeats a Say", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Say loop={3}>Hold on.</Say>
        </VoiceResponse>
      ),
    });
    expect((await call(app)).heard).toEqual(["Hold on.", "Hold on.", "Hold on."]);
  });

  // https://www.twilio.com/docs/voice/twiml/play: loop="0" plays until the call ends, at most 1,000 times.
  test('loop="0" plays a Play 1,000 times, then the call goes on', async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Play loop={0}>https://example.com/hold.mp3</Play>
          <Say>Still there?</Say>
        </VoiceResponse>
      ),
    });
    const result = await call(app);
    expect([result.heard.length, result.heard[999], result.heard[1000], result.end]).toEqual([
      1001,
      "[play https://example.com/hold.mp3]",
      "Still there?",
      "completed",
    ]);
  });
});

describe("Gather", () => {
  test("an IVR: the key pressed is posted to the action, whose document runs next", async () => {
    const result = await call(ivr, { input: ["1"] });
    expect([result.heard, result.requests[1]]).toEqual([
      ["Press 1 for sales, 2 for support.", "Connecting you to sales."],
      { method: "POST", url: "http://localhost/menu", params: { ...standard(result, "in-progress"), Digits: "1", FinishedOnKey: "" } },
    ]);
  });

  test("the IVR's other branch answers another digit", async () => {
    expect((await call(ivr, { input: ["2"] })).heard).toEqual(["Press 1 for sales, 2 for support.", "Connecting you to support."]);
  });

  test("with input, the rest of the document is not executed", async () => {
    const result = await call(ivr, { input: ["1"] });
    expect(result.events.map((event) => event.verb)).toEqual(["Gather", "Say"]);
  });

  test("the Gather event lists its nested verbs", async () => {
    const result = await call(ivr, { input: ["1"] });
    expect(result.events[0]).toEqual({
      verb: "Gather",
      attributes: { numDigits: "1", action: "/menu" },
      children: [{ verb: "Say", attributes: {}, text: "Press 1 for sales, 2 for support." }],
    });
  });

  const collecting = (props: Omit<GatherProps, "children">): App =>
    routes({
      "/": () => (
        <VoiceResponse>
          <Gather action="/done" {...props} />
        </VoiceResponse>
      ),
      "/done": () => <VoiceResponse />,
    });
  const sent = (result: CallResult): Record<string, string | undefined> => {
    const { Digits, FinishedOnKey } = result.requests[1]!.params;
    return { Digits, FinishedOnKey };
  };

  test("keys are collected until finishOnKey, which is not part of Digits", async () => {
    expect(sent(await call(collecting({}), { input: ["1234#9"] }))).toEqual({ Digits: "1234", FinishedOnKey: "#" });
  });

  test("keys are collected until numDigits", async () => {
    expect(sent(await call(collecting({ numDigits: 3 }), { input: ["12345"] }))).toEqual({ Digits: "123", FinishedOnKey: "" });
  });

  test("a custom finishOnKey ends the input", async () => {
    expect(sent(await call(collecting({ finishOnKey: "*" }), { input: ["12*"] }))).toEqual({ Digits: "12", FinishedOnKey: "*" });
  });

  test('finishOnKey="" makes # an ordinary key', async () => {
    expect(sent(await call(collecting({ finishOnKey: "" }), { input: ["12#"] }))).toEqual({ Digits: "12#", FinishedOnKey: "" });
  });

  test("the end of the keys is a timeout: what was pressed is sent", async () => {
    expect(sent(await call(collecting({}), { input: ["12"] }))).toEqual({ Digits: "12", FinishedOnKey: "" });
  });

  test("the default action is the current document's URL, posted", async () => {
    const app = routes({
      "/start": ({ params }) =>
        params.Digits === undefined ? (
          <VoiceResponse>
            <Gather />
          </VoiceResponse>
        ) : (
          <VoiceResponse>
            <Say>You pressed {params.Digits}.</Say>
          </VoiceResponse>
        ),
    });
    const result = await call(app, { url: "http://localhost/start?x=1", input: ["7#"] });
    expect([result.requests[1]!.method, result.requests[1]!.url, result.heard]).toEqual([
      "POST",
      "http://localhost/start?x=1",
      ["You pressed 7."],
    ]);
  });

  test("method GET requests the action with the input in the query string", async () => {
    const result = await call(collecting({ method: "GET" }), { input: ["5#"] });
    const params = { ...standard(result, "in-progress"), Digits: "5", FinishedOnKey: "#" };
    expect(result.requests[1]).toEqual({ method: "GET", url: `http://localhost/done?${query(params)}`, params });
  });

  test("silence falls through to the next verb without a request", async () => {
    const result = await call(ivr, { input: [{ silence: true }] });
    expect([result.heard, result.requests.length, result.end]).toEqual([
      ["Press 1 for sales, 2 for support.", "We did not get your choice. Goodbye."],
      1,
      "completed",
    ]);
  });

  test("a script that has run out is silence", async () => {
    expect((await call(ivr)).heard).toEqual(["Press 1 for sales, 2 for support.", "We did not get your choice. Goodbye."]);
  });

  test("speech at a DTMF-only Gather is not heard: the call falls through and the input is used up", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Gather action="/done" />
          <Gather action="/done" />
          <Say>Nothing.</Say>
        </VoiceResponse>
      ),
    });
    const result = await call(app, { input: [{ speech: "sales" }, { silence: true }] });
    expect([result.heard, result.requests.length]).toEqual([["Nothing."], 1]);
  });

  test('speech at input="speech" sends SpeechResult and a Confidence of 0.9, without Digits', async () => {
    const result = await call(collecting({ input: "speech" }), { input: [{ speech: "sales please" }] });
    expect(result.requests[1]!.params).toEqual({ ...standard(result, "in-progress"), SpeechResult: "sales please", Confidence: "0.9" });
  });

  test("the script's confidence is sent", async () => {
    const result = await call(collecting({ input: ["dtmf", "speech"] }), { input: [{ speech: "support", confidence: 0.42 }] });
    expect(result.requests[1]!.params.Confidence).toBe("0.42");
  });

  test("keys at a speech-only Gather fall through", async () => {
    const result = await call(collecting({ input: "speech" }), { input: ["1"] });
    expect([result.requests.length, result.end]).toEqual([1, "completed"]);
  });

  test('actionOnEmptyResult="true" requests the action with empty Digits on silence', async () => {
    const result = await call(collecting({ actionOnEmptyResult: true }), { input: [{ silence: true }] });
    expect(sent(result)).toEqual({ Digits: "", FinishedOnKey: "" });
  });

  test("keys the phone does not have end the call with a script error", async () => {
    const result = await call(ivr, { input: ["1a"] });
    expect([result.end, result.error]).toEqual(["error", { code: 0, message: 'caller input "1a": keys are 0-9, * and #' }]);
  });
});

describe("Dial", () => {
  const dialing = (props: { action?: string }): App =>
    routes({
      "/": () => (
        <VoiceResponse>
          <Dial {...props}>
            <Number>+15550009999</Number>
          </Dial>
          <Say>After the dial.</Say>
        </VoiceResponse>
      ),
      "/after": ({ params }) => (
        <VoiceResponse>
          <Say>The call was {params.DialCallStatus}.</Say>
        </VoiceResponse>
      ),
    });

  // https://www.twilio.com/docs/voice/twiml/dial#action
  test("with action and no script, the call completes after 30 seconds and the action is requested", async () => {
    const result = await call(dialing({ action: "/after" }));
    const { DialCallSid, ...params } = result.requests[1]!.params;
    expect([params, /^CA[0-9a-f]{32}$/.test(DialCallSid!), DialCallSid === result.requests[0]!.params.CallSid]).toEqual([
      { ...standard(result, "in-progress"), DialBridged: "true", DialCallStatus: "completed", DialCallDuration: "30" },
      true,
      false,
    ]);
  });

  test("with action, the rest of the document is not executed", async () => {
    expect((await call(dialing({ action: "/after" }))).heard).toEqual(["The call was completed."]);
  });

  test("the script's outcome is sent, with a duration of 0 when nobody answered", async () => {
    const result = await call(dialing({ action: "/after" }), { input: [{ dial: "busy" }] });
    const { DialCallStatus, DialCallDuration } = result.requests[1]!.params;
    expect([DialCallStatus, DialCallDuration, result.heard]).toEqual(["busy", "0", ["The call was busy."]]);
  });

  test("the script's duration is sent", async () => {
    const result = await call(dialing({ action: "/after" }), { input: [{ dial: "completed", duration: 95 }] });
    expect(result.requests[1]!.params.DialCallDuration).toBe("95");
  });

  test("without action, the call continues with the next verb", async () => {
    const result = await call(dialing({}), { input: [{ dial: "no-answer" }] });
    expect([result.heard, result.requests.length]).toEqual([["After the dial."], 1]);
  });

  test("the Dial event lists its nouns", async () => {
    expect((await call(dialing({}))).events[0]).toEqual({
      verb: "Dial",
      attributes: {},
      children: [{ verb: "Number", attributes: {}, text: "+15550009999" }],
    });
  });

  test("a Dial outcome reaching a Gather is an error naming both", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Gather action="/never" />
          <Dial action="/after">+15550009999</Dial>
        </VoiceResponse>
      ),
      "/after": () => <VoiceResponse />,
    });
    const result = await call(app, { input: [{ dial: "failed" }] });
    expect([result.end, result.error, result.requests.length]).toEqual([
      "error",
      {
        code: 0,
        message: `the script's input 1 ({"dial":"failed"}) is a dial outcome, but <Gather> waits here for keys, silence or a hangup`,
      },
      1,
    ]);
  });
});

describe("Record", () => {
  const recording = (props: { maxLength?: number }): App =>
    routes({
      "/": () => (
        <VoiceResponse>
          <Say>Leave a message.</Say>
          <Record action="/saved" {...props} />
          <Say>No message.</Say>
        </VoiceResponse>
      ),
      "/saved": ({ params }) => (
        <VoiceResponse>
          <Say>Saved {params.RecordingDuration} seconds.</Say>
        </VoiceResponse>
      ),
    });

  test("a recording ended with a key posts the recording to the action, whose document runs next", async () => {
    const result = await call(recording({}), { input: [{ record: { duration: 12, digits: "#" } }] });
    const { RecordingSid, RecordingUrl, ...params } = result.requests[1]!.params;
    expect([params, /^RE[0-9a-f]{32}$/.test(RecordingSid!), RecordingUrl, result.heard]).toEqual([
      { ...standard(result, "in-progress"), RecordingDuration: "12", Digits: "#" },
      true,
      `https://api.twilio.com/2010-04-01/Accounts/${params.AccountSid}/Recordings/${RecordingSid}`,
      ["Leave a message.", "Saved 12 seconds."],
    ]);
  });

  // https://www.twilio.com/docs/voice/twiml/record: silence (timeout) ends the recording and the action's TwiML runs.
  test("without a script the caller speaks 5 seconds and falls silent: the action is requested without Digits and its TwiML runs", async () => {
    const result = await call(recording({}));
    const { Digits, RecordingDuration } = result.requests[1]!.params;
    expect([Digits, RecordingDuration, result.heard, result.end]).toEqual([
      undefined,
      "5",
      ["Leave a message.", "Saved 5 seconds."],
      "completed",
    ]);
  });

  test("maxLength caps the duration", async () => {
    const result = await call(recording({ maxLength: 10 }), { input: [{ record: { duration: 60, digits: "#" } }] });
    expect(result.requests[1]!.params.RecordingDuration).toBe("10");
  });

  test("an empty recording skips the action and continues with the next verb", async () => {
    const result = await call(recording({}), { input: [{ record: { duration: 0 } }] });
    expect([result.heard, result.requests.length]).toEqual([["Leave a message.", "No message."], 1]);
  });
});

describe("Redirect, Hangup, Reject and the end of the document", () => {
  // https://www.twilio.com/docs/voice/api/sip-twiml: a first <Redirect> is requested while the call still rings.
  test("Redirect posts to its URL; as the first verb it leaves the call ringing", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Redirect>/next</Redirect>
          <Say>Never.</Say>
        </VoiceResponse>
      ),
      "/next": () => (
        <VoiceResponse>
          <Say>Next.</Say>
        </VoiceResponse>
      ),
    });
    const result = await call(app);
    expect([result.requests[1], result.heard]).toEqual([
      { method: "POST", url: "http://localhost/next", params: standard(result, "ringing") },
      ["Next."],
    ]);
  });

  test("Redirect with method GET requests its URL with GET", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Redirect method="GET">/next</Redirect>
        </VoiceResponse>
      ),
      "/next": () => <VoiceResponse />,
    });
    const result = await call(app);
    expect(result.requests[1]).toEqual({
      method: "GET",
      url: `http://localhost/next?${new URLSearchParams(standard(result, "ringing"))}`,
      params: standard(result, "ringing"),
    });
  });

  test("Hangup ends the call and later verbs do not run", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Say>Bye.</Say>
          <Hangup />
          <Say>Never.</Say>
        </VoiceResponse>
      ),
    });
    const result = await call(app);
    expect([result.heard, result.end]).toEqual([["Bye."], "hangup"]);
  });

  test("Reject ends the call as rejected, with its reason in the event", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Reject reason="busy" />
          <Say>Never.</Say>
        </VoiceResponse>
      ),
    });
    const result = await call(app);
    expect([result.events, result.heard, result.end]).toEqual([[{ verb: "Reject", attributes: { reason: "busy" } }], [], "reject"]);
  });

  test("a document that runs out completes the call", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Say>Hi.</Say>
        </VoiceResponse>
      ),
    });
    const result = await call(app);
    expect([result.end, result.error]).toEqual(["completed", undefined]);
  });

  test("a Redirect loop stops with an error after maxSteps documents", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Redirect>/</Redirect>
        </VoiceResponse>
      ),
    });
    const result = await call(app, { maxSteps: 3 });
    expect([result.requests.length, result.end, result.error]).toEqual([
      3,
      "error",
      { code: 0, message: "the call requested 3 documents without ending (maxSteps): is there a <Redirect> or action loop?" },
    ]);
  });

  test("maxSteps defaults to 50 documents", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Redirect>/</Redirect>
        </VoiceResponse>
      ),
    });
    expect((await call(app)).requests.length).toBe(50);
  });
});

describe("other verbs", () => {
  test("Sms, Connect and Enqueue without action are recorded with their attributes, text and children, and the call goes on", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Sms to="+15550004444">Thanks for calling.</Sms>
          <Connect>
            <Stream url="wss://example.com/audio" />
          </Connect>
          <Enqueue>support</Enqueue>
          <Say>Still here.</Say>
        </VoiceResponse>
      ),
    });
    const result = await call(app);
    expect([result.events, result.heard, result.requests.length]).toEqual([
      [
        { verb: "Sms", attributes: { to: "+15550004444" }, text: "Thanks for calling." },
        { verb: "Connect", attributes: {}, children: [{ verb: "Stream", attributes: { url: "wss://example.com/audio" } }] },
        { verb: "Enqueue", attributes: {}, text: "support" },
        { verb: "Say", attributes: {}, text: "Still here." },
      ],
      ["Still here."],
      1,
    ]);
  });
});

describe("errors", () => {
  test("a 404 ends the call with 11200", async () => {
    const result = await call(routes({}));
    expect([result.end, result.error]).toEqual([
      "error",
      { code: 11200, message: "HTTP retrieval failure: POST http://localhost/ answered 404" },
    ]);
  });

  test("a 500 from an action ends the call with 11200, after what was heard", async () => {
    const app = routes({
      "/": () => (
        <VoiceResponse>
          <Say>One.</Say>
          <Redirect>/broken</Redirect>
        </VoiceResponse>
      ),
      "/broken": () => new Response("oops", { status: 500 }),
    });
    const result = await call(app);
    expect([result.heard, result.error]).toEqual([
      ["One."],
      { code: 11200, message: "HTTP retrieval failure: POST http://localhost/broken answered 500" },
    ]);
  });

  test("an app that throws ends the call with 11200", async () => {
    const result = await call(() => {
      throw new Error("database down");
    });
    expect(result.error).toEqual({
      code: 11200,
      message: "HTTP retrieval failure: the app threw on POST http://localhost/: database down",
    });
  });

  test("a document that is not well-formed XML ends the call with 12100", async () => {
    const result = await call(answering("<Response><Say>Hi</Response>", { headers: { "content-type": "text/xml" } }));
    expect([result.end, result.error?.code]).toEqual(["error", 12100]);
  });

  test("a root other than <Response> ends the call with 12100", async () => {
    const result = await call(answering("<Document><Say>Hi</Say></Document>", { headers: { "content-type": "application/xml" } }));
    expect(result.error).toEqual({
      code: 12100,
      message: "Document parse failure: POST http://localhost/: the root element is <Document>, not <Response>",
    });
  });

  test("text/html is read as TwiML", async () => {
    const result = await call(
      answering("<Response><Say>Hi.</Say></Response>", { headers: { "content-type": "text/html; charset=utf-8" } }),
    );
    expect([result.heard, result.end]).toEqual([["Hi."], "completed"]);
  });

  test("a JSON reply ends the call with 12300", async () => {
    const result = await call(answering("{}", { headers: { "content-type": "application/json" } }));
    expect(result.error).toEqual({
      code: 12300,
      message:
        'Invalid Content-Type: POST http://localhost/ answered with Content-Type "application/json"; TwiML must be text/xml, application/xml or text/html',
    });
  });

  test("a reply without a Content-Type ends the call with 12300", async () => {
    const result = await call(() => new Response(new TextEncoder().encode("<Response/>")));
    expect(result.error).toEqual({
      code: 12300,
      message:
        "Invalid Content-Type: POST http://localhost/ answered with no Content-Type; TwiML must be text/xml, application/xml or text/html",
    });
  });

  test("a reply over 64 kB ends the call with 11750", async () => {
    const body = `<Response><Say>${"a".repeat(64 * 1024)}</Say></Response>`;
    const result = await call(answering(body, { headers: { "content-type": "text/xml" } }));
    expect(result.error).toEqual({
      code: 11750,
      message: "TwiML response body too large: POST http://localhost/ answered more than 65536 bytes",
    });
  });

  test("a text/plain reply is spoken, then the call ends", async () => {
    const result = await call(answering("Sorry, we are closed.\n", { headers: { "content-type": "text/plain" } }));
    expect([result.heard, result.end]).toEqual([["Sorry, we are closed."], "completed"]);
  });

  test("an audio reply is played, then the call ends", async () => {
    const result = await call(answering("ID3", { headers: { "content-type": "audio/mpeg" } }), { url: "http://localhost/closed" });
    expect([result.heard, result.end]).toEqual([["[play http://localhost/closed]"], "completed"]);
  });
});

describe("HTTP redirects", () => {
  const moved =
    (status: number): App =>
    (request) =>
      new URL(request.url).pathname === "/"
        ? new Response(null, { status, headers: { location: "/moved" } })
        : new Response("<Response><Say>Moved.</Say></Response>", { headers: { "content-type": "text/xml" } });

  test("a 302 is followed with GET and without Twilio's parameters", async () => {
    const result = await call(moved(302));
    expect([result.requests.slice(1), result.heard]).toEqual([[{ method: "GET", url: "http://localhost/moved", params: {} }], ["Moved."]]);
  });

  test("a 307 repeats the POST with the same parameters", async () => {
    const result = await call(moved(307));
    expect(result.requests[1]).toEqual({ method: "POST", url: "http://localhost/moved", params: standard(result, "ringing") });
  });

  test("a redirect loop ends the call with 11215", async () => {
    const result = await call(() => new Response(null, { status: 301, headers: { location: "/" } }));
    expect([result.requests.length, result.error]).toEqual([
      11,
      { code: 11215, message: "HTTP too many redirects: more than 10 from POST http://localhost/" },
    ]);
  });
});

describe("signatures", () => {
  const signed = (authToken: string): App =>
    routes(
      {
        "/": () => (
          <VoiceResponse>
            <Redirect method="GET">/next?step=2</Redirect>
          </VoiceResponse>
        ),
        "/next": () => (
          <VoiceResponse>
            <Say>Verified.</Say>
          </VoiceResponse>
        ),
      },
      // The refusals' log lines are the server's tests' concern.
      { authToken, log: () => undefined },
    );

  test("signed POST and GET requests are accepted by a webhook with the same auth token", async () => {
    const result = await call(signed(TOKEN), { authToken: TOKEN });
    expect([result.heard, result.end]).toEqual([["Verified."], "completed"]);
  });

  test("requests signed with another auth token are refused: 403 ends the call with 11200", async () => {
    const result = await call(signed(TOKEN), { authToken: "wrong" });
    expect(result.error).toEqual({
      code: 11200,
      message: "HTTP retrieval failure: POST http://localhost/ was refused with 403 (is it signed with the auth token the app expects?)",
    });
  });

  test("unsigned requests are refused", async () => {
    expect((await call(signed(TOKEN))).error?.code).toBe(11200);
  });
});

describe("over HTTP", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  async function serve(app: App): Promise<string> {
    const server = createServer(toNodeHandler(app));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  test("an IVR runs over a real loopback server", async () => {
    const base = await serve(ivr);
    const result = await simulateCall({ url: `${base}/`, from: FROM, to: TO, input: ["2"] });
    expect([result.heard, result.requests.map((request) => request.url)]).toEqual([
      ["Press 1 for sales, 2 for support.", "Connecting you to support."],
      [`${base}/`, `${base}/menu`],
    ]);
  });

  test("signed requests are accepted over HTTP", async () => {
    const base = await serve(
      routes(
        {
          "/": ({ params }) => (
            <VoiceResponse>
              <Say>Hello {params.From}.</Say>
            </VoiceResponse>
          ),
        },
        { authToken: TOKEN },
      ),
    );
    const result = await simulateCall({ url: `${base}/`, from: FROM, to: TO, authToken: TOKEN, method: "GET" });
    expect([result.heard, result.end]).toEqual([[`Hello ${FROM}.`], "completed"]);
  });

  test("an HTTP redirect is followed over HTTP", async () => {
    const base = await serve(
      routes({
        "/old": () => new Response(null, { status: 301, headers: { location: "/new" } }),
        "/new": () => (
          <VoiceResponse>
            <Say>New place.</Say>
          </VoiceResponse>
        ),
      }),
    );
    const result = await simulateCall({ url: `${base}/old`, from: FROM, to: TO });
    expect(result.heard).toEqual(["New place."]);
  });

  test("a refused connection ends the call with 11205", async () => {
    const base = await serve(ivr);
    const server = servers.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await simulateCall({ url: `${base}/`, from: FROM, to: TO });
    expect(result.error).toEqual({
      code: 11205,
      message: `HTTP connection failure: POST ${base}/ failed (fetch failed: ECONNREFUSED)`,
    });
  });
});
