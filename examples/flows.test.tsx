// The example app's call and message flows from the caller's side: every document the simulator fetches,
// everything the caller hears and how the call ends, with the app served on loopback as `npm start` serves it.
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { simulateCall, simulateMessage } from "../src/testing/index.js";
import type { App, CallResult, CallerInput, MessageResult } from "../src/testing/types.js";
import { createApp, createHandler, type AppOptions } from "./app.js";

const CALLER = "+15550123";
const KNOWN_CALLER = "+15550100";
const OUR_NUMBER = "+15550199";
const TOKEN = "12345678901234567890123456789012";

const MENU =
  "Thanks for calling Acme. For sales, press 1 or say sales. For technical support, press 2 or say support. " +
  "For billing questions, press 3 or say billing.";
const GREETING = "Please leave a message after the tone.";
const THANKS = "Thanks for your message. Goodbye.";

interface Served {
  /** Origin of the app, without a trailing slash. */
  readonly base: string;
  /** The in-process handler, when the app is not reached over HTTP. */
  readonly app?: App;
  readonly close: () => Promise<void>;
}

const open: Served[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((served) => served.close()));
});

/** The app on loopback, as `npm start` serves it. */
async function overHttp(options: AppOptions): Promise<Served> {
  // A refused signature is logged; the server's log is tested with the server, not printed here.
  const server = createApp({ log: () => undefined, ...options });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

/** The app's fetch handler called in process, with no server. */
async function inProcess(options: AppOptions): Promise<Served> {
  return { base: "https://example.com", app: createHandler({ log: () => undefined, ...options }), close: async () => {} };
}

/** Requests as `METHOD URL`, the origin shortened to nothing. */
function requested(result: CallResult | MessageResult, base: string): string[] {
  return result.requests.map((request) => `${request.method} ${request.url.replace(base, "")}`);
}

const TRANSPORTS: readonly (readonly [string, (options: AppOptions) => Promise<Served>])[] = [
  ["over HTTP", overHttp],
  ["in process", inProcess],
];

describe.each(TRANSPORTS)("%s", (_, start) => {
  async function serve(options: AppOptions = {}): Promise<Served> {
    const served = await start(options);
    open.push(served);
    return served;
  }

  async function call(path: string, input: readonly CallerInput[], from = CALLER): Promise<{ result: CallResult; base: string }> {
    const { base, app } = await serve();
    const result = await simulateCall({ url: base + path, app, from, to: OUR_NUMBER, input });
    return { result, base };
  }

  describe("the IVR main menu", () => {
    test("greets a known caller by name", async () => {
      const { result } = await call("/voice/menu", ["1", { dial: "completed" }], KNOWN_CALLER);
      expect(result.heard[0]).toBe(MENU.replace("Thanks for calling Acme.", "Welcome back, O'Brien & Sons <VIP>."));
    });

    test("pressing 1 rings the whole team, and the call ends once the forwarded call does", async () => {
      const { result, base } = await call("/voice/menu", ["1", { dial: "completed" }]);
      expect(result.heard).toEqual([MENU]);
      expect(requested(result, base)).toEqual(["POST /voice/menu", "POST /voice/menu/choice?attempt=1", "POST /voice/forward/after"]);
      expect(result.events.filter((event) => event.verb === "Dial").map((dial) => dial.children?.map((n) => n.text))).toEqual([
        ["+14155550101", "+14155550102", "+14155550100"],
      ]);
      expect(result.end).toBe("hangup");
    });

    test("pressing 1 sends the key to the menu's Gather action", async () => {
      const { result } = await call("/voice/menu", ["1", { dial: "completed" }]);
      expect(result.requests[1]?.params["Digits"]).toBe("1");
    });

    test("pressing 2 rings the support desk alone, with its extension", async () => {
      const { result, base } = await call("/voice/menu", ["2", { dial: "completed" }]);
      expect(result.heard).toEqual([MENU]);
      expect(requested(result, base)).toEqual(["POST /voice/menu", "POST /voice/menu/choice?attempt=1", "POST /voice/forward/after"]);
      expect(result.events.filter((event) => event.verb === "Dial").map((dial) => dial.children)).toEqual([
        [{ verb: "Number", attributes: expect.objectContaining({ sendDigits: "ww204" }), text: "+14155550100" }],
      ]);
      expect(result.end).toBe("hangup");
    });

    test("pressing 3 leads to the voicemail, which thanks the caller for the message", async () => {
      const { result, base } = await call("/voice/menu", ["3", { record: { duration: 12, digits: "#" } }]);
      expect(result.heard).toEqual([
        MENU,
        "Please leave your account number and a message, and billing will call you back.",
        GREETING,
        THANKS,
      ]);
      expect(requested(result, base)).toEqual([
        "POST /voice/menu",
        "POST /voice/menu/choice?attempt=1",
        "POST /voice/voicemail",
        "POST /voice/voicemail",
      ]);
      expect(result.end).toBe("hangup");
    });

    test("saying “support” is understood as the support option", async () => {
      const { result, base } = await call("/voice/menu", [{ speech: "support please" }, { dial: "completed" }]);
      expect(requested(result, base)).toEqual(["POST /voice/menu", "POST /voice/menu/choice?attempt=1", "POST /voice/forward/after"]);
      expect(result.requests[1]?.params["SpeechResult"]).toBe("support please");
      expect(result.end).toBe("hangup");
    });

    test("an unknown key plays the menu again", async () => {
      const { result, base } = await call("/voice/menu", ["9", "1", { dial: "completed" }]);
      expect(result.heard).toEqual([MENU, "Sorry, that is not one of the options.", MENU]);
      expect(requested(result, base)).toEqual([
        "POST /voice/menu",
        "POST /voice/menu/choice?attempt=1",
        "POST /voice/menu?attempt=2",
        "POST /voice/menu/choice?attempt=2",
        "POST /voice/forward/after",
      ]);
      expect(result.end).toBe("hangup");
    });

    test("three silences end the call with a goodbye", async () => {
      const { result, base } = await call("/voice/menu", [{ silence: true }, { silence: true }, { silence: true }]);
      expect(result.heard).toEqual([
        MENU,
        "Sorry, I didn't get that.",
        MENU,
        "Sorry, I didn't get that.",
        MENU,
        "Sorry, I still didn't get that. Goodbye.",
      ]);
      expect(requested(result, base)).toEqual(["POST /voice/menu", "POST /voice/menu?attempt=2", "POST /voice/menu?attempt=3"]);
      expect(result.end).toBe("hangup");
    });
  });

  describe("call forwarding", () => {
    test("a forwarded call nobody answers goes on to the voicemail", async () => {
      const { result, base } = await call("/voice/forward", [{ dial: "no-answer" }, { record: { duration: 4, digits: "#" } }]);
      expect(result.heard).toEqual(["Sorry, nobody is available to take your call.", GREETING, THANKS]);
      expect(requested(result, base)).toEqual([
        "POST /voice/forward",
        "POST /voice/forward/after",
        "POST /voice/voicemail",
        "POST /voice/voicemail",
      ]);
      expect(result.end).toBe("hangup");
    });

    test("the Dial action learns that nobody answered", async () => {
      const { result } = await call("/voice/forward", [{ dial: "no-answer" }, { record: { duration: 4, digits: "#" } }]);
      expect(result.requests[1]?.params["DialCallStatus"]).toBe("no-answer");
    });

    test("a busy team goes on to the voicemail too", async () => {
      const { result } = await call("/voice/forward", [{ dial: "busy" }, { record: { duration: 4, digits: "#" } }]);
      expect(result.heard).toEqual(["Sorry, nobody is available to take your call.", GREETING, THANKS]);
    });
  });

  describe("the voicemail", () => {
    test("the recording is posted back to the same URL, which thanks the caller", async () => {
      const { result, base } = await call("/voice/voicemail", [{ record: { duration: 7, digits: "#" } }]);
      expect(result.heard).toEqual([GREETING, THANKS]);
      expect(requested(result, base)).toEqual(["POST /voice/voicemail", "POST /voice/voicemail"]);
      expect(result.end).toBe("hangup");
    });

    test("the second request carries the recording's length and the key that ended it", async () => {
      const { result } = await call("/voice/voicemail", [{ record: { duration: 7, digits: "#" } }]);
      expect([result.requests[1]?.params["RecordingDuration"], result.requests[1]?.params["Digits"]]).toEqual(["7", "#"]);
    });

    // https://www.twilio.com/docs/voice/twiml/record: silence ends the recording and the action's TwiML runs.
    test("a caller who stops speaking: silence ends the recording, which is posted, and the thanks are heard", async () => {
      const { result, base } = await call("/voice/voicemail", [{ record: { duration: 7 } }]);
      expect([result.heard, requested(result, base), result.requests[1]?.params["Digits"], result.end]).toEqual([
        [GREETING, THANKS],
        ["POST /voice/voicemail", "POST /voice/voicemail"],
        undefined,
        "hangup",
      ]);
    });

    test("a caller who hangs up after the message: the recording is still posted, and nothing more is heard", async () => {
      const { result, base } = await call("/voice/voicemail", [{ record: { duration: 7, end: "hangup" } }]);
      expect([result.heard, requested(result, base), result.end]).toEqual([
        [GREETING],
        ["POST /voice/voicemail", "POST /voice/voicemail"],
        "hangup",
      ]);
    });

    test("the greeting is also served over GET, with Twilio's parameters in the query string", async () => {
      const { base, app } = await serve();
      const result = await simulateCall({
        url: `${base}/voice/voicemail`,
        app,
        method: "GET",
        from: CALLER,
        to: OUR_NUMBER,
        input: [{ record: { duration: 7, digits: "#" } }],
      });
      expect(result.requests[0]?.method).toBe("GET");
      expect(new URL(result.requests[0]?.url ?? "").searchParams.get("From")).toBe(CALLER);
      expect(result.heard).toEqual([GREETING, THANKS]);
    });
  });

  describe("the SMS auto-reply", () => {
    async function text(body: string, media?: readonly string[]): Promise<{ result: MessageResult; base: string }> {
      const { base, app } = await serve();
      const result = await simulateMessage({ url: `${base}/sms`, app, from: CALLER, to: OUR_NUMBER, body, media });
      return { result, base };
    }

    test("MENU is answered with the text and the two pictures", async () => {
      const { result, base } = await text("menu");
      expect(result.replies).toEqual([
        {
          to: CALLER,
          from: OUR_NUMBER,
          body: "Here is today's menu. Bon appétit!",
          media: ["https://example.com/menu/today.jpg?w=800&h=600", "https://example.com/menu/desserts.jpg?w=800&h=600"],
          attributes: {},
        },
      ]);
      expect(requested(result, base)).toEqual(["POST /sms"]);
      expect(result.end).toBe("completed");
    });

    test("HOURS is answered with the opening hours and no picture", async () => {
      const { result } = await text("  Hours please");
      expect(result.replies.map((reply) => [reply.body, reply.media])).toEqual([
        ["We're open Monday to Friday 9am-6pm & Saturday 10am-4pm.", []],
      ]);
    });

    test("a picture sent with HOURS reaches the app as MediaUrl0 and changes nothing in the reply", async () => {
      const { result } = await text("hours", ["https://example.com/photo.jpg"]);
      expect([result.requests[0]?.params["NumMedia"], result.requests[0]?.params["MediaUrl0"]]).toEqual([
        "1",
        "https://example.com/photo.jpg",
      ]);
      expect(result.replies.map((reply) => reply.body)).toEqual(["We're open Monday to Friday 9am-6pm & Saturday 10am-4pm."]);
    });

    test("any other text is answered with the keywords", async () => {
      const { result } = await text("hello");
      expect(result.replies.map((reply) => reply.body)).toEqual(["Reply HOURS for our opening hours or MENU for today's menu."]);
    });
  });

  describe("signed requests", () => {
    test("with the app's auth token every request of the flow is accepted", async () => {
      const { base, app } = await serve({ authToken: TOKEN });
      const result = await simulateCall({
        url: `${base}/voice/menu`,
        app,
        from: CALLER,
        to: OUR_NUMBER,
        authToken: TOKEN,
        input: ["3", { record: { duration: 5, digits: "#" } }],
      });
      expect(requested(result, base)).toEqual([
        "POST /voice/menu",
        "POST /voice/menu/choice?attempt=1",
        "POST /voice/voicemail",
        "POST /voice/voicemail",
      ]);
      expect(result.end).toBe("hangup");
    });

    test("a message signed with the app's auth token is answered", async () => {
      const { base, app } = await serve({ authToken: TOKEN });
      const result = await simulateMessage({ url: `${base}/sms`, app, from: CALLER, to: OUR_NUMBER, body: "HOURS", authToken: TOKEN });
      expect(result.replies.map((reply) => reply.body)).toEqual(["We're open Monday to Friday 9am-6pm & Saturday 10am-4pm."]);
    });

    test("a call signed with another token is refused: 11200 on the first request", async () => {
      const { base, app } = await serve({ authToken: TOKEN });
      const result = await simulateCall({ url: `${base}/voice/menu`, app, from: CALLER, to: OUR_NUMBER, authToken: "wrong", input: ["1"] });
      expect([result.end, result.error?.code, result.heard, requested(result, base)]).toEqual(["error", 11200, [], ["POST /voice/menu"]]);
    });

    test("an unsigned call to a signed app is refused", async () => {
      const { base, app } = await serve({ authToken: TOKEN });
      const result = await simulateCall({ url: `${base}/voice/menu`, app, from: CALLER, to: OUR_NUMBER });
      expect([result.end, result.error?.code]).toEqual(["error", 11200]);
    });
  });
});
