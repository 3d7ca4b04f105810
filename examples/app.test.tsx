import type { AddressInfo } from "node:net";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp, ROUTES, type AppOptions } from "./app.js";

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const TOKEN = "12345";

const VOICEMAIL = `${XML}<Response><Say voice="woman">Please leave a message after the tone.</Say><Record maxLength="20"/></Response>`;
const OPTIONS =
  `For sales, press <say-as interpret-as="digits">1</say-as> or say <emphasis>sales</emphasis>.<break time="300ms"/>` +
  `For technical support, press <say-as interpret-as="digits">2</say-as> or say <emphasis>support</emphasis>.<break time="300ms"/>` +
  `For billing questions, press <say-as interpret-as="digits">3</say-as> or say <emphasis>billing</emphasis>.<break time="300ms"/>`;
const menu = (attempt: number, welcome: string, end: string): string =>
  `${XML}<Response>` +
  `<Gather input="dtmf speech" numDigits="1" action="/voice/menu/choice?attempt=${attempt}" hints="sales,support,billing">` +
  `<Say voice="Polly.Joanna"><prosody rate="95%">${welcome}</prosody><break time="500ms"/>${OPTIONS}</Say></Gather>` +
  `${end}</Response>`;
const EVENTS = 'statusCallback="/voice/forward/status" statusCallbackEvent="initiated ringing answered completed"';
const DIAL = '<Dial action="/voice/forward/after" callerId="+14155550199" timeout="20" answerOnBridge="true">';
const SUPPORT_DESK = `<Number sendDigits="ww204" ${EVENTS}>+14155550100</Number>`;
const FORWARD =
  `${XML}<Response>${DIAL}` +
  `<Number ${EVENTS}>+14155550101</Number><Number ${EVENTS}>+14155550102</Number>${SUPPORT_DESK}` +
  `</Dial></Response>`;
const SMS_MENU =
  `${XML}<Response><Message><Body>Here is today's menu. Bon appétit!</Body>` +
  `<Media>https://example.com/menu/today.jpg?w=800&amp;h=600</Media>` +
  `<Media>https://example.com/menu/desserts.jpg?w=800&amp;h=600</Media>` +
  `</Message></Response>`;

interface Reply {
  status: number;
  type: string | null;
  body: string;
}

/** Starts the app on a free loopback port; it is closed after the tests of the enclosing describe. */
/** Lines the app logged: a refused signature is logged there, not on the test's stderr. */
const logged: string[] = [];

function serve(options: AppOptions): { origin: () => string } {
  const server = createApp({ log: (line) => logged.push(line), ...options });
  let origin = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { origin: () => origin };
}

async function send(url: string, init?: RequestInit): Promise<Reply> {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
}

describe("the app without an auth token", () => {
  const app = serve({});
  const get = (path: string, params: Record<string, string> = {}): Promise<Reply> => {
    const query = new URLSearchParams(params).toString();
    return send(`${app.origin()}${path}${query === "" ? "" : `${path.includes("?") ? "&" : "?"}${query}`}`);
  };
  const post = (path: string, params: Record<string, string>): Promise<Reply> =>
    send(`${app.origin()}${path}`, { method: "POST", body: new URLSearchParams(params) });

  test("GET /voice/voicemail greets the caller and records", async () => {
    expect(await get("/voice/voicemail", { From: "+15550100" })).toEqual({
      status: 200,
      type: "text/xml; charset=utf-8",
      body: VOICEMAIL,
    });
  });

  test("POST /voice/voicemail with a recording thanks the caller and hangs up", async () => {
    const reply = await post("/voice/voicemail", { From: "+15550100", RecordingUrl: "https://api.twilio.com/rec/RE1", Digits: "hangup" });
    expect(reply.body).toBe(`${XML}<Response><Say voice="woman">Thanks for your message. Goodbye.</Say><Hangup/></Response>`);
  });

  test("GET /voice/menu gives an unknown caller the generic welcome and a retry", async () => {
    expect((await get("/voice/menu", { From: "+15559999" })).body).toBe(
      menu(
        1,
        "Thanks for calling Acme.",
        `<Say voice="Polly.Joanna">Sorry, I didn't get that.</Say><Redirect>/voice/menu?attempt=2</Redirect>`,
      ),
    );
  });

  test("POST /voice/menu greets a known caller by an escaped name", async () => {
    expect((await post("/voice/menu", { From: "+15550100" })).body).toBe(
      menu(
        1,
        "Welcome back, O'Brien &amp; Sons &lt;VIP&gt;.",
        `<Say voice="Polly.Joanna">Sorry, I didn't get that.</Say><Redirect>/voice/menu?attempt=2</Redirect>`,
      ),
    );
  });

  test("POST /voice/menu on the third attempt hangs up after the menu instead of retrying", async () => {
    expect((await post("/voice/menu?attempt=3", { From: "+15559999" })).body).toBe(
      menu(3, "Thanks for calling Acme.", `<Say voice="Polly.Joanna">Sorry, I still didn't get that. Goodbye.</Say><Hangup/>`),
    );
  });

  test("pressing 1 rings the whole team", async () => {
    expect((await post("/voice/menu/choice?attempt=1", { Digits: "1" })).body).toBe(FORWARD);
  });

  test("pressing 2 rings the support desk's extension", async () => {
    expect((await post("/voice/menu/choice?attempt=1", { Digits: "2" })).body).toBe(
      `${XML}<Response>${DIAL}${SUPPORT_DESK}</Dial></Response>`,
    );
  });

  test("saying billing sends the caller to voicemail with a billing greeting", async () => {
    expect((await post("/voice/menu/choice?attempt=1", { SpeechResult: "Billing, please.", Confidence: "0.92" })).body).toBe(
      `${XML}<Response><Say voice="Polly.Joanna">Please leave your account number and a message, and billing will call you back.</Say>` +
        `<Redirect>/voice/voicemail</Redirect></Response>`,
    );
  });

  test("a key press takes precedence over speech", async () => {
    expect((await get("/voice/menu/choice?attempt=1", { Digits: "1", SpeechResult: "billing" })).body).toBe(FORWARD);
  });

  test("a key that is not an option plays the menu again with the next attempt", async () => {
    expect((await post("/voice/menu/choice?attempt=1", { Digits: "9" })).body).toBe(
      `${XML}<Response><Say voice="Polly.Joanna">Sorry, that is not one of the options.</Say>` +
        `<Redirect>/voice/menu?attempt=2</Redirect></Response>`,
    );
  });

  test("words that name no option on the last attempt end the call", async () => {
    expect((await post("/voice/menu/choice?attempt=3", { SpeechResult: "What's the weather?" })).body).toBe(
      `${XML}<Response><Say voice="Polly.Joanna">Sorry, that is not one of the options. Goodbye.</Say><Hangup/></Response>`,
    );
  });

  test("GET /voice/forward rings the team with status events on the app's own route", async () => {
    expect((await get("/voice/forward", { From: "+15550100" })).body).toBe(FORWARD);
  });

  test("POST /voice/forward/after sends an unanswered caller to the app's voicemail", async () => {
    expect((await post("/voice/forward/after", { DialCallStatus: "no-answer" })).body).toBe(
      `${XML}<Response><Say>Sorry, nobody is available to take your call.</Say><Redirect>/voice/voicemail</Redirect></Response>`,
    );
  });

  test("GET /voice/forward/after ends a call that was answered", async () => {
    expect((await get("/voice/forward/after", { DialCallStatus: "completed" })).body).toBe(`${XML}<Response><Hangup/></Response>`);
  });

  test("a missing dial status counts as nobody answering", async () => {
    expect((await post("/voice/forward/after", {})).body).toBe(
      `${XML}<Response><Say>Sorry, nobody is available to take your call.</Say><Redirect>/voice/voicemail</Redirect></Response>`,
    );
  });

  test("POST /voice/forward/status is acknowledged with 204 and no body", async () => {
    expect(await post("/voice/forward/status", { CallStatus: "ringing" })).toEqual({ status: 204, type: null, body: "" });
  });

  test("POST /sms answers MENU with the menu and its pictures", async () => {
    expect(await post("/sms", { From: "+15550100", Body: "MENU" })).toEqual({
      status: 200,
      type: "text/xml; charset=utf-8",
      body: SMS_MENU,
    });
  });

  test("GET /sms answers hours in lower case with the opening hours", async () => {
    expect((await get("/sms", { From: "+15550100", Body: "hours please" })).body).toBe(
      `${XML}<Response><Message><Body>We're open Monday to Friday 9am-6pm &amp; Saturday 10am-4pm.</Body></Message></Response>`,
    );
  });

  test("a path the app does not serve gets 404", async () => {
    expect(await get("/voice")).toEqual({ status: 404, type: "text/plain; charset=utf-8", body: "Not Found" });
  });

  test("every route answers the sample request the start banner prints, by GET and by POST", async () => {
    const statuses: string[] = [];
    for (const route of ROUTES) {
      const query = new URLSearchParams(route.query ?? {}).toString();
      const path = query === "" ? route.path : `${route.path}?${query}`;
      statuses.push(`${route.path} ${(await get(path, route.params)).status} ${(await post(path, route.params)).status}`);
    }
    expect(statuses.join("\n")).toBe(
      [
        "/voice/voicemail 200 200",
        "/voice/menu 200 200",
        "/voice/menu/choice 200 200",
        "/voice/forward 200 200",
        "/voice/forward/after 200 200",
        "/voice/forward/status 204 204",
        "/sms 200 200",
      ].join("\n"),
    );
  });
});

describe("the app with an auth token", () => {
  const app = serve({ authToken: TOKEN });
  const SMS = { From: "+15550100", To: "+15550199", Body: "MENU" };

  test("a POST signed as Twilio signs it is answered", async () => {
    const url = `${app.origin()}/sms`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, SMS);
    expect((await send(url, { method: "POST", body: new URLSearchParams(SMS), headers: { "X-Twilio-Signature": signature } })).body).toBe(
      SMS_MENU,
    );
  });

  test("a signed GET, whose parameters are in the signed URL, is answered", async () => {
    const url = `${app.origin()}/voice/voicemail?From=%2B15550100&CallSid=CA123`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, {});
    expect((await send(url, { headers: { "X-Twilio-Signature": signature } })).body).toBe(VOICEMAIL);
  });

  test("an unsigned POST gets 403", async () => {
    expect(await send(`${app.origin()}/sms`, { method: "POST", body: new URLSearchParams(SMS) })).toEqual({
      status: 403,
      type: "text/plain; charset=utf-8",
      body: "Forbidden: missing or invalid Twilio signature",
    });
  });

  test("a refused request is logged on the server's side, with the path it was refused on", async () => {
    const before = logged.length;
    await send(`${app.origin()}/sms`, { method: "POST", body: new URLSearchParams(SMS) });
    expect(logged.slice(before).map((line) => line.slice(0, line.indexOf(":")))).toEqual(["POST /sms answered 403"]);
  });

  test("a signature made for another body gets 403", async () => {
    const url = `${app.origin()}/sms`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, { ...SMS, Body: "HOURS" });
    const reply = await send(url, { method: "POST", body: new URLSearchParams(SMS), headers: { "X-Twilio-Signature": signature } });
    expect(reply.status).toBe(403);
  });
});

describe("the app behind a tunnel", () => {
  const app = serve({ authToken: TOKEN, publicUrl: "https://abc.ngrok.app" });
  const SMS = { From: "+15550100", Body: "MENU" };

  test("a request signed for the public URL is answered", async () => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, "https://abc.ngrok.app/sms", SMS);
    const reply = await send(`${app.origin()}/sms`, {
      method: "POST",
      body: new URLSearchParams(SMS),
      headers: { "X-Twilio-Signature": signature },
    });
    expect(reply.body).toBe(SMS_MENU);
  });

  test("a request signed for the local URL gets 403", async () => {
    const url = `${app.origin()}/sms`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, SMS);
    const reply = await send(url, { method: "POST", body: new URLSearchParams(SMS), headers: { "X-Twilio-Signature": signature } });
    expect(reply.status).toBe(403);
  });
});
