// Each flow follows Twilio's page for the verb (cited per test) and runs both in process and over real HTTP.
import {
  Conference,
  Connect,
  Dial,
  Enqueue,
  Gather,
  Leave,
  Number,
  Pay,
  Play,
  Record,
  Redirect,
  Refer,
  Reject,
  Say,
  Sip,
  Sms,
  Stream,
  VoiceResponse,
  type TwiMLElement,
} from "twiml-jsx";
import { describe, expect, test } from "vitest";
import { EnqueueCaller, HoldMusic } from "../../examples/queue.js";
import { bothWays, routes } from "./both-ways.js";

const ways = bothWays();

const thanks = (): TwiMLElement => (
  <VoiceResponse>
    <Say>Thanks.</Say>
  </VoiceResponse>
);

describe.each(ways)("%s", (_, run) => {
  describe("Record (https://www.twilio.com/docs/voice/twiml/record)", () => {
    const voicemail = (props: { finishOnKey?: string; maxLength?: number; action?: string } = { action: "/saved" }) =>
      routes({
        "/": () => (
          <VoiceResponse>
            <Say>Leave a message.</Say>
            <Record {...props} />
            <Say>No message.</Say>
          </VoiceResponse>
        ),
        "/saved": ({ params }) => (
          <VoiceResponse>
            <Say>
              Saved {params.RecordingDuration} seconds, {params.Digits ?? "no key"}.
            </Say>
          </VoiceResponse>
        ),
      });

    test("ended by silence: the action is requested without Digits and its TwiML runs", async () => {
      const { result, requested, params } = await run(voicemail(), { input: [{ record: { duration: 12 } }] });
      expect([requested, params(1).Digits, result.heard, result.end]).toEqual([
        ["POST /", "POST /saved"],
        undefined,
        ["Leave a message.", "Saved 12 seconds, no key."],
        "completed",
      ]);
    });

    test("ended by maxLength: the recording lasts maxLength seconds and the action's TwiML runs", async () => {
      const { result } = await run(voicemail({ action: "/saved", maxLength: 20 }), {
        input: [{ record: { duration: 0, end: "max-length" } }],
      });
      expect(result.heard).toEqual(["Leave a message.", "Saved 20 seconds, no key."]);
    });

    test("a recording longer than maxLength is cut at maxLength", async () => {
      const { result } = await run(voicemail({ action: "/saved", maxLength: 20 }), { input: [{ record: { duration: 95, digits: "#" } }] });
      expect(result.heard).toEqual(["Leave a message.", "Saved 20 seconds, no key."]);
    });

    test("ended by a key in finishOnKey: Digits is that key", async () => {
      const { result } = await run(voicemail(), { input: [{ record: { duration: 7, digits: "*" } }] });
      expect(result.heard).toEqual(["Leave a message.", "Saved 7 seconds, *."]);
    });

    test("a key not in finishOnKey does not end the recording: silence does", async () => {
      const { result } = await run(voicemail({ action: "/saved", finishOnKey: "#" }), {
        input: [{ record: { duration: 7, digits: "5" } }],
      });
      expect(result.heard).toEqual(["Leave a message.", "Saved 7 seconds, no key."]);
    });

    test("a script ending it with a key not in finishOnKey is an error", async () => {
      const { result } = await run(voicemail({ action: "/saved", finishOnKey: "#" }), {
        input: [{ record: { duration: 7, digits: "5", end: "key" } }],
      });
      expect(result.error).toEqual({ code: 0, message: 'the script ends <Record> with a key, but none of "5" is in its finishOnKey "#"' });
    });

    test("ended by a hangup: the action is requested with Digits=hangup and CallStatus completed, its TwiML ignored", async () => {
      const { result, requested, params } = await run(voicemail(), { input: [{ record: { duration: 9, end: "hangup" } }] });
      expect([requested, params(1).Digits, params(1).RecordingDuration, params(1).CallStatus, result.heard, result.end]).toEqual([
        ["POST /", "POST /saved"],
        "hangup",
        "9",
        "completed",
        ["Leave a message."],
        "hangup",
      ]);
    });

    test("{ hangup: true } at a Record is a hangup after the default 5 seconds", async () => {
      const { params, result } = await run(voicemail(), { input: [{ hangup: true }] });
      expect([params(1).Digits, params(1).RecordingDuration, result.end]).toEqual(["hangup", "5", "hangup"]);
    });

    test("an unscripted Record ends by silence after 5 seconds and its action runs", async () => {
      const { result } = await run(voicemail());
      expect([result.heard, result.end]).toEqual([["Leave a message.", "Saved 5 seconds, no key."], "completed"]);
    });

    test("without action, the current document is requested again", async () => {
      const app = routes({
        "/voicemail": ({ params }) =>
          params.RecordingUrl === undefined ? (
            <VoiceResponse>
              <Record />
            </VoiceResponse>
          ) : (
            thanks()
          ),
      });
      const { requested, result } = await run(app, { path: "/voicemail", input: [{ record: { duration: 3 } }] });
      expect([requested, result.heard]).toEqual([["POST /voicemail", "POST /voicemail"], ["Thanks."]]);
    });

    test("the script's url is the RecordingUrl the action receives", async () => {
      const { params } = await run(voicemail(), { input: [{ record: { duration: 3, url: "http://127.0.0.1:9/take-1.wav" } }] });
      expect(params(1).RecordingUrl).toBe("http://127.0.0.1:9/take-1.wav");
    });

    test("an empty recording requests nothing and goes on to the next verb", async () => {
      const { requested, result } = await run(voicemail(), { input: [{ record: { duration: 0 } }] });
      expect([requested, result.heard]).toEqual([["POST /"], ["Leave a message.", "No message."]]);
    });
  });

  describe("Enqueue (https://www.twilio.com/docs/voice/twiml/enqueue)", () => {
    const queue = (props: { action?: string } = { action: "/left" }) =>
      routes({
        "/": () => (
          <VoiceResponse>
            <Enqueue waitUrl="/wait" {...props}>
              support
            </Enqueue>
            <Say>After the queue.</Say>
          </VoiceResponse>
        ),
        "/wait": ({ params }) => (
          <VoiceResponse>
            <Say>You are number {params.QueuePosition} in the queue.</Say>
            <Play>https://example.com/hold.mp3</Play>
          </VoiceResponse>
        ),
        "/left": ({ params }) => (
          <VoiceResponse>
            <Say>
              {params.QueueResult} after {params.QueueTime} seconds.
            </Say>
          </VoiceResponse>
        ),
      });

    test("the caller waits with waitUrl's document, then the action gets QueueResult, QueueSid and QueueTime and its TwiML runs", async () => {
      const { result, requested, params } = await run(queue(), { input: [{ queue: "bridged", time: 42 }] });
      const { QueueSid, QueuePosition, QueueTime, CurrentQueueSize, AvgQueueTime, MaxQueueSize } = params(1);
      expect([
        requested,
        /^QU[0-9a-f]{32}$/.test(QueueSid!),
        [QueuePosition, QueueTime, CurrentQueueSize, AvgQueueTime, MaxQueueSize],
        params(2).QueueSid === QueueSid,
        result.heard,
        result.end,
      ]).toEqual([
        ["POST /", "POST /wait", "POST /left"],
        true,
        ["1", "0", "1", "0", "1000"],
        true,
        ["You are number 1 in the queue.", "[play https://example.com/hold.mp3]", "bridged after 42 seconds."],
        "completed",
      ]);
    });

    test("the example queue: the caller hears their place and the hold music until an agent takes the call", async () => {
      const app = routes({
        "/": () => <EnqueueCaller />,
        "/queue/wait": ({ params }) => (
          <HoldMusic position={parseInt(params.QueuePosition ?? "", 10)} music="https://example.com/hold.mp3" />
        ),
        "/queue/left": ({ params }) => (
          <VoiceResponse>
            <Say>{params.QueueResult === "bridged" ? "Thanks for calling." : "Sorry, nobody is free."}</Say>
          </VoiceResponse>
        ),
      });
      const { result, requested } = await run(app, { input: [{ queue: "bridged", time: 95 }] });
      expect([requested, result.heard, result.end]).toEqual([
        ["POST /", "POST /queue/wait", "POST /queue/left"],
        ["You are next in line. Please hold.", "[play https://example.com/hold.mp3]", "Thanks for calling."],
        "completed",
      ]);
    });

    test("without a script the caller is bridged", async () => {
      const { result } = await run(queue());
      expect(result.heard.at(-1)).toBe("bridged after 0 seconds.");
    });

    test("<Leave> in the wait document takes the caller out: QueueResult is leave", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Enqueue waitUrl="/wait" action="/left">
              support
            </Enqueue>
          </VoiceResponse>
        ),
        "/wait": () => (
          <VoiceResponse>
            <Say>Nobody is free.</Say>
            <Leave />
            <Say>Never heard.</Say>
          </VoiceResponse>
        ),
        "/left": ({ params }) => (
          <VoiceResponse>
            <Say>{params.QueueResult}</Say>
          </VoiceResponse>
        ),
      });
      const { result } = await run(app);
      expect(result.heard).toEqual(["Nobody is free.", "leave"]);
    });

    test("a hangup in the queue requests the action with QueueResult hangup and runs none of its TwiML", async () => {
      const { result, params } = await run(queue(), { input: [{ hangup: true }] });
      expect([params(2).QueueResult, params(2).CallStatus, result.heard.length, result.end]).toEqual(["hangup", "completed", 2, "hangup"]);
    });

    test("without action, the call goes on with the next verb after leaving", async () => {
      const { result, requested } = await run(queue({}), { input: [{ queue: "bridged" }] });
      expect([requested, result.heard.at(-1)]).toEqual([["POST /", "POST /wait"], "After the queue."]);
    });

    test("the wait document runs again while the script answers its Gather", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Enqueue waitUrl="/wait" action="/left">
              support
            </Enqueue>
          </VoiceResponse>
        ),
        "/wait": () => (
          <VoiceResponse>
            <Gather numDigits={1} action="/wait/choice">
              <Say>Press 1 to hear our hours.</Say>
            </Gather>
          </VoiceResponse>
        ),
        "/wait/choice": () => (
          <VoiceResponse>
            <Say>We are open nine to five.</Say>
          </VoiceResponse>
        ),
        "/left": ({ params }) => (
          <VoiceResponse>
            <Say>{params.QueueResult}</Say>
          </VoiceResponse>
        ),
      });
      const { result, requested } = await run(app, { input: ["1", { queue: "bridged" }] });
      expect([requested, result.heard]).toEqual([
        ["POST /", "POST /wait", "POST /wait/choice", "POST /left"],
        ["Press 1 to hear our hours.", "We are open nine to five.", "bridged"],
      ]);
    });

    test("a queue outcome reaching a Gather of the wait document takes the caller out", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Enqueue waitUrl="/wait" action="/left">
              support
            </Enqueue>
          </VoiceResponse>
        ),
        "/wait": () => (
          <VoiceResponse>
            <Gather>
              <Say>Please hold.</Say>
            </Gather>
          </VoiceResponse>
        ),
        "/left": ({ params }) => (
          <VoiceResponse>
            <Say>{params.QueueResult}</Say>
          </VoiceResponse>
        ),
      });
      const { result } = await run(app, { input: [{ queue: "redirected" }] });
      expect(result.heard).toEqual(["Please hold.", "redirected"]);
    });

    test("keys when the wait document has no Gather to take them are an error after one wait document", async () => {
      const { result, requested } = await run(queue(), { input: ["1"] });
      expect([requested, result.error?.message]).toEqual([
        ["POST /", "POST /wait"],
        `the script's input 1 ("1") is keys, but <Enqueue> waits here for a queue outcome or a hangup`,
      ]);
    });

    test("a verb Twilio does not allow in a wait document is an error", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Enqueue waitUrl="/wait">support</Enqueue>
          </VoiceResponse>
        ),
        "/wait": () => (
          <VoiceResponse>
            <Dial>+15550009999</Dial>
          </VoiceResponse>
        ),
      });
      const { result } = await run(app);
      expect([result.end, result.error?.message.replace(/\(.*\)/, "(URL)")]).toEqual([
        "error",
        "<Dial> cannot run in a queue's wait document (URL): Twilio allows only Play, Say, Pause, Gather, Redirect, Leave, Hangup there",
      ]);
    });
  });

  describe("Connect, Pay, Refer and Sms with an action", () => {
    // https://www.twilio.com/docs/voice/twiml/connect
    test("Connect: when the session ends its action gets the session's parameters and runs; later verbs are unreachable", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Connect action="/after">
              <Stream url="wss://example.com/audio" />
            </Connect>
            <Say>Unreachable.</Say>
          </VoiceResponse>
        ),
        "/after": ({ params }) => (
          <VoiceResponse>
            <Say>Session {params.SessionStatus}.</Say>
          </VoiceResponse>
        ),
      });
      const { result, requested } = await run(app, { input: [{ connect: { SessionStatus: "ended" } }] });
      expect([requested, result.heard]).toEqual([["POST /", "POST /after"], ["Session ended."]]);
    });

    test("Connect: a hangup during the session requests the action with CallStatus completed and runs none of it", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Connect action="/after">
              <Stream url="wss://example.com/audio" />
            </Connect>
          </VoiceResponse>
        ),
        "/after": thanks,
      });
      const { result, params } = await run(app, { input: [{ hangup: true }] });
      expect([params(1).CallStatus, result.heard, result.end]).toEqual(["completed", [], "hangup"]);
    });

    // https://www.twilio.com/docs/voice/twiml/pay
    const paying = routes({
      "/": () => (
        <VoiceResponse>
          <Pay action="/paid" chargeAmount="10.00" />
          <Say>Unreachable.</Say>
        </VoiceResponse>
      ),
      "/paid": ({ params }) => (
        <VoiceResponse>
          <Say>{params.Result}</Say>
        </VoiceResponse>
      ),
    });

    test("Pay: success posts Result and the payment fields to the action, whose TwiML runs", async () => {
      const { result, params } = await run(paying, { input: [{ pay: "success", params: { PaymentCardType: "amex" } }] });
      const { Result, PaymentCardNumber, PaymentCardType, ExpirationDate, PaymentConfirmationCode } = params(1);
      expect([Result, PaymentCardNumber, PaymentCardType, ExpirationDate, typeof PaymentConfirmationCode, result.heard]).toEqual([
        "success",
        "xxxxxxxxxxxx1111",
        "amex",
        "1230",
        "string",
        ["success"],
      ]);
    });

    test("Pay: a caller who does nothing is input-timeout", async () => {
      const { result } = await run(paying);
      expect(result.heard).toEqual(["input-timeout"]);
    });

    test("Pay: a hangup is caller-hung-up, and the action's TwiML does not run", async () => {
      const { result, params } = await run(paying, { input: [{ hangup: true }] });
      expect([params(1).Result, result.heard, result.end]).toEqual(["caller-hung-up", [], "hangup"]);
    });

    // https://www.twilio.com/docs/voice/twiml/refer
    test("Refer: the action gets ReferCallStatus and ReferSipResponseCode and runs", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Refer action="/referred">
              <Sip>sip:alice@example.com</Sip>
            </Refer>
          </VoiceResponse>
        ),
        "/referred": ({ params }) => (
          <VoiceResponse>
            <Say>
              {params.ReferCallStatus} {params.ReferSipResponseCode}
            </Say>
          </VoiceResponse>
        ),
      });
      const scripted = await run(app, { input: [{ refer: "failed", sipResponseCode: 603 }] });
      const unscripted = await run(app);
      expect([scripted.result.heard, unscripted.result.heard]).toEqual([["failed 603"], ["completed 202"]]);
    });

    // https://www.twilio.com/docs/voice/twiml/sms
    test("voice Sms: with action, SmsSid and SmsStatus are posted and the action's TwiML runs", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Sms action="/sent">Your code is 1234.</Sms>
            <Say>Unreachable.</Say>
          </VoiceResponse>
        ),
        "/sent": ({ params }) => (
          <VoiceResponse>
            <Say>Message {params.SmsStatus}.</Say>
          </VoiceResponse>
        ),
      });
      const { result, params } = await run(app);
      expect([/^SM[0-9a-f]{32}$/.test(params(1).SmsSid!), result.heard]).toEqual([true, ["Message sending."]]);
    });
  });

  describe("loops that never end (https://www.twilio.com/docs/voice/twiml/say, https://www.twilio.com/docs/voice/twiml/play)", () => {
    const forever = routes({
      "/": () => (
        <VoiceResponse>
          <Say loop={0}>Please hold.</Say>
          <Say>Unreachable.</Say>
        </VoiceResponse>
      ),
    });

    test('Say loop="0" repeats until the caller hangs up', async () => {
      const { result } = await run(forever, { input: [{ hangup: true }] });
      expect([result.heard, result.end]).toEqual([["Please hold."], "hangup"]);
    });

    test('Say loop="0" with no hangup in the script is an error: the call never ends', async () => {
      const { result } = await run(forever);
      expect([result.end, result.error]).toEqual([
        "error",
        {
          code: 0,
          message: `the call never ends: <Say loop="0"> repeats until the caller hangs up; the script must hang up there ({ hangup: true }) for <Say> to end`,
        },
      ]);
    });

    test("a Gather whose Say loops forever never times out: silence is not an answer there", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Gather action="/chosen">
              <Say loop={0}>Press a key.</Say>
            </Gather>
          </VoiceResponse>
        ),
        "/chosen": thanks,
      });
      const silent = await run(app, { input: [{ silence: true }] });
      const pressing = await run(app, { input: ["4#"] });
      expect([silent.result.error?.message, pressing.result.heard]).toEqual([
        `the script's input 1 ({"silence":true}) is silence, but <Gather> waits here for keys or a hangup`,
        ["Press a key.", "Thanks."],
      ]);
    });

    test('Play loop="0" ends when the caller hangs up', async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Play loop={0}>https://example.com/hold.mp3</Play>
          </VoiceResponse>
        ),
      });
      const { result } = await run(app, { input: [{ hangup: true }] });
      expect([result.heard, result.end]).toEqual([["[play https://example.com/hold.mp3]"], "hangup"]);
    });
  });

  describe("Reject (https://www.twilio.com/docs/voice/twiml/reject)", () => {
    test("as the first verb it rejects the call", async () => {
      const { result } = await run(
        routes({
          "/": () => (
            <VoiceResponse>
              <Reject reason="busy" />
            </VoiceResponse>
          ),
        }),
      );
      expect(result.end).toBe("reject");
    });

    test("after a first Redirect the call is still unanswered: it rejects", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Redirect>/closed</Redirect>
          </VoiceResponse>
        ),
        "/closed": () => (
          <VoiceResponse>
            <Reject />
          </VoiceResponse>
        ),
      });
      expect((await run(app)).result.end).toBe("reject");
    });

    test("once the call is answered it ends like a hangup", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Say>Hello.</Say>
            <Reject />
          </VoiceResponse>
        ),
      });
      expect((await run(app)).result.end).toBe("hangup");
    });
  });

  describe("Dial (https://www.twilio.com/docs/voice/twiml/dial)", () => {
    const after = ({ params }: { params: Record<string, string | undefined> }) => (
      <VoiceResponse>
        <Say>
          {Object.keys(params)
            .filter((name) => name.startsWith("Dial") || name.startsWith("Recording"))
            .sort()
            .join(" ")}
        </Say>
      </VoiceResponse>
    );

    test("after a Conference: DialCallStatus and DialBridged, no DialCallSid or DialCallDuration", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Dial action="/after">
              <Conference>standup</Conference>
            </Dial>
          </VoiceResponse>
        ),
        "/after": after,
      });
      const { result, params } = await run(app, { input: [{ dial: "answered" }] });
      expect([result.heard, params(1).DialCallStatus, params(1).DialBridged]).toEqual([["DialBridged DialCallStatus"], "answered", "true"]);
    });

    test("a Dial that records sends the recording parameters; one nobody answered is not bridged", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Dial action="/after" record="record-from-answer">
              <Number>+15550009999</Number>
            </Dial>
          </VoiceResponse>
        ),
        "/after": after,
      });
      const answered = await run(app, { input: [{ dial: "completed", duration: 61 }] });
      const busy = await run(app, { input: [{ dial: "busy" }] });
      expect([answered.result.heard, answered.params(1).RecordingDuration, busy.params(1).DialBridged, busy.result.heard]).toEqual([
        ["DialBridged DialCallDuration DialCallSid DialCallStatus RecordingDuration RecordingSid RecordingUrl"],
        "61",
        "false",
        ["DialBridged DialCallDuration DialCallSid DialCallStatus"],
      ]);
    });

    test("hangupOnStar: the caller presses * to leave the call and the action runs", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Dial action="/after" hangupOnStar>
              +15550009999
            </Dial>
          </VoiceResponse>
        ),
        "/after": thanks,
      });
      const { result } = await run(app, { input: [{ dial: "completed", duration: 12, star: true }] });
      expect([result.heard, result.end]).toEqual([["Thanks."], "completed"]);
    });

    test("pressing * without hangupOnStar is a script error", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Dial>+15550009999</Dial>
          </VoiceResponse>
        ),
      });
      const { result } = await run(app, { input: [{ dial: "completed", star: true }] });
      expect(result.error?.message).toBe(`the script presses * to leave <Dial>, but * does nothing there without hangupOnStar="true"`);
    });

    test("a hangup during the Dial requests the action with CallStatus completed; its TwiML does not run", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Dial action="/after">+15550009999</Dial>
          </VoiceResponse>
        ),
        "/after": thanks,
      });
      const { result, params } = await run(app, { input: [{ hangup: true }] });
      expect([params(1).CallStatus, params(1).DialCallStatus, result.heard, result.end]).toEqual(["completed", "completed", [], "hangup"]);
    });
  });

  describe("Gather (https://www.twilio.com/docs/voice/twiml/gather)", () => {
    test("partialResultCallback receives UnstableSpeechResult, StableSpeechResult and SequenceNumber as the caller speaks", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Gather input="speech" action="/heard" partialResultCallback="/partial">
              <Say>What can I do for you?</Say>
            </Gather>
          </VoiceResponse>
        ),
        "/partial": () => new Response(null, { status: 204 }),
        "/heard": thanks,
      });
      const { requested, result } = await run(app, { input: [{ speech: "check my balance" }] });
      const partials = result.requests
        .slice(1, 4)
        .map(({ params }) => [params.SequenceNumber, params.StableSpeechResult, params.UnstableSpeechResult]);
      expect([requested, partials, result.heard]).toEqual([
        ["POST /", "POST /partial", "POST /partial", "POST /partial", "POST /heard"],
        [
          ["1", "", "check"],
          ["2", "check", "my"],
          ["3", "check my", "balance"],
        ],
        ["What can I do for you?", "Thanks."],
      ]);
    });

    test("a hangup at a Gather ends the call without a request", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Gather action="/x">
              <Say>Choose.</Say>
            </Gather>
            <Say>Unreachable.</Say>
          </VoiceResponse>
        ),
      });
      const { result, requested } = await run(app, { input: [{ hangup: true }] });
      expect([requested, result.end]).toEqual([["POST /"], "hangup"]);
    });
  });

  describe("CallStatus (https://www.twilio.com/docs/voice/api/call-resource)", () => {
    test("ringing on the first request, in-progress once answered, completed after the caller hung up", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Gather action="/menu">
              <Say>Choose.</Say>
            </Gather>
          </VoiceResponse>
        ),
        "/menu": () => (
          <VoiceResponse>
            <Record action="/saved" />
          </VoiceResponse>
        ),
        "/saved": thanks,
      });
      const { params } = await run(app, { input: ["1", { record: { duration: 4, end: "hangup" } }] });
      expect([params(0).CallStatus, params(1).CallStatus, params(2).CallStatus]).toEqual(["ringing", "in-progress", "completed"]);
    });
  });

  describe("a script that does not fit the flow fails", () => {
    const menu = routes({
      "/": () => (
        <VoiceResponse>
          <Gather numDigits={1} action="/chosen">
            <Say>Press 1.</Say>
          </Gather>
        </VoiceResponse>
      ),
      "/chosen": thanks,
    });

    test("inputs left over when the call ends are an error naming the first", async () => {
      const { result } = await run(menu, { input: ["1", { dial: "busy" }] });
      expect([result.heard, result.end, result.error]).toEqual([
        ["Press 1.", "Thanks."],
        "error",
        {
          code: 0,
          message:
            `the call ended (completed) with 1 of the script's inputs unused, from input 2 ({"dial":"busy"}): ` +
            "the flow went where the script did not expect (allowUnusedInput permits it)",
        },
      ]);
    });

    test("allowUnusedInput lets them be", async () => {
      const { result } = await run(menu, { input: ["1", { dial: "busy" }], allowUnusedInput: true });
      expect(result.end).toBe("completed");
    });

    test("the caller hangs up after hearing a prompt", async () => {
      const app = routes({
        "/": () => (
          <VoiceResponse>
            <Say>Welcome.</Say>
            <Say>Our menu has changed.</Say>
            <Say>Press 1.</Say>
          </VoiceResponse>
        ),
      });
      const { result } = await run(app, { input: [{ hangup: true, after: "menu has changed" }] });
      expect([result.heard, result.end]).toEqual([["Welcome.", "Our menu has changed."], "hangup"]);
    });

    test("a hangup after a prompt the caller has not heard when a verb waits is an error", async () => {
      const { result } = await run(menu, { input: [{ hangup: true, after: "Goodbye" }] });
      expect(result.error?.message).toBe(
        `the script's input 1 hangs up after hearing "Goodbye", but <Gather> waits for the caller before that was heard`,
      );
    });
  });
});
