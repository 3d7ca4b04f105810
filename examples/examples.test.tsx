import twilio from "twilio";
import { render, VoiceResponse, type NumberStatusCallbackEventValue } from "twiml-jsx";
import { describe, expect, test } from "vitest";
import { AfterForward, defaultAfterForward, defaultForward, Forward } from "./forwarding.js";
import { examples } from "./index.js";
import { defaultMainMenu, MainMenu, Menu } from "./ivr.js";
import { AnswerNextCaller, defaultAnswerNextCaller, defaultEnqueueCaller, defaultHoldMusic, EnqueueCaller, HoldMusic } from "./queue.js";
import { defaultSmsAutoReply, SmsAutoReply } from "./sms-reply.js";
import { defaultVoicemail, Voicemail } from "./voicemail.js";

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

describe("voicemail", () => {
  test("default props render the classic voicemail", () => {
    expect(render(defaultVoicemail())).toBe(
      `${XML}<Response><Say voice="woman">Please leave a message after the tone.</Say><Record maxLength="20"/></Response>`,
    );
  });

  test("a custom greeting is escaped and a transcription callback turns transcription on", () => {
    const el = (
      <Voicemail
        greeting="You've reached Ana & Raj. Leave a message!"
        voice="Polly.Amy"
        maxLength={120}
        transcribeCallback="/voicemail/transcript?box=ana&lang=en"
      />
    );
    expect(render(el)).toBe(
      `${XML}<Response><Say voice="Polly.Amy">You've reached Ana &amp; Raj. Leave a message!</Say>` +
        `<Record maxLength="120" transcribeCallback="/voicemail/transcript?box=ana&amp;lang=en"/></Response>`,
    );
  });

  test("the default document is what twilio's builder makes", () => {
    const response = new twilio.twiml.VoiceResponse();
    response.say({ voice: "woman" }, "Please leave a message after the tone.");
    response.record({ maxLength: 20 });
    expect(render(defaultVoicemail())).toBe(response.toString());
  });
});

describe("ivr", () => {
  test("default props greet the caller by an escaped name and read the menu with SSML", () => {
    expect(render(defaultMainMenu())).toBe(
      `${XML}<Response>` +
        `<Gather input="dtmf speech" numDigits="1" action="/ivr/choice?menu=main&amp;attempt=1" hints="sales,support,billing">` +
        `<Say voice="Polly.Joanna"><prosody rate="95%">Welcome back, O'Brien &amp; Sons &lt;VIP&gt;.</prosody><break time="500ms"/>` +
        `For sales, press <say-as interpret-as="digits">1</say-as> or say <emphasis>sales</emphasis>.<break time="300ms"/>` +
        `For technical support, press <say-as interpret-as="digits">2</say-as> or say <emphasis>support</emphasis>.<break time="300ms"/>` +
        `For billing questions, press <say-as interpret-as="digits">3</say-as> or say <emphasis>billing</emphasis>.<break time="300ms"/>` +
        `</Say></Gather>` +
        `<Say voice="Polly.Joanna">Sorry, I didn't get that.</Say>` +
        `<Redirect>/ivr/main?menu=main&amp;attempt=2</Redirect>` +
        `</Response>`,
    );
  });

  test("an unknown caller on the last attempt gets the generic welcome and a hang-up instead of a retry", () => {
    const el = <MainMenu options={[{ digit: 0, keyword: "operator", label: "the operator" }]} attempt={3} />;
    expect(render(el)).toBe(
      `${XML}<Response>` +
        `<Gather input="dtmf speech" numDigits="1" action="/ivr/choice?menu=main&amp;attempt=3" hints="operator">` +
        `<Say voice="Polly.Joanna"><prosody rate="95%">Thanks for calling Acme.</prosody><break time="500ms"/>` +
        `For the operator, press <say-as interpret-as="digits">0</say-as> or say <emphasis>operator</emphasis>.<break time="300ms"/>` +
        `</Say></Gather>` +
        `<Say voice="Polly.Joanna">Sorry, I still didn't get that. Goodbye.</Say><Hangup/>` +
        `</Response>`,
    );
  });

  test("Menu without an introduction or a voice reads only the options", () => {
    const el = (
      <VoiceResponse>
        <Menu options={[{ digit: 9, keyword: "repeat", label: "this menu again" }]} action="/menu" />
      </VoiceResponse>
    );
    expect(render(el, { declaration: false })).toBe(
      `<Response><Gather input="dtmf speech" numDigits="1" action="/menu" hints="repeat">` +
        `<Say>For this menu again, press <say-as interpret-as="digits">9</say-as> or say <emphasis>repeat</emphasis>.<break time="300ms"/></Say>` +
        `</Gather></Response>`,
    );
  });

  test("the default document is what twilio's builder makes", () => {
    const response = new twilio.twiml.VoiceResponse();
    const gather = response.gather({
      input: ["dtmf", "speech"],
      numDigits: 1,
      action: "/ivr/choice?menu=main&attempt=1",
      // The builder joins arrays with spaces; Twilio reads hints as a comma-separated list.
      hints: "sales,support,billing",
    });
    const say = gather.say({ voice: "Polly.Joanna" }, "");
    say.prosody({ rate: "95%" }, "Welcome back, O'Brien & Sons <VIP>.");
    say.break({ time: "500ms" });
    for (const [digit, label, keyword] of [
      ["1", "sales", "sales"],
      ["2", "technical support", "support"],
      ["3", "billing questions", "billing"],
    ] as const) {
      say.addText(`For ${label}, press `);
      say.sayAs({ "interpret-as": "digits" }, digit);
      say.addText(" or say ");
      say.emphasis(keyword);
      say.addText(".");
      say.break({ time: "300ms" });
    }
    response.say({ voice: "Polly.Joanna" }, "Sorry, I didn't get that.");
    response.redirect("/ivr/main?menu=main&attempt=2");
    expect(render(defaultMainMenu())).toBe(response.toString());
  });
});

describe("forwarding", () => {
  test("default props ring the whole team at once, with status events and an extension", () => {
    const events = 'statusCallback="/forward/status" statusCallbackEvent="initiated ringing answered completed"';
    expect(render(defaultForward())).toBe(
      `${XML}<Response>` +
        `<Dial action="/forward/after" callerId="+14155550199" timeout="20" answerOnBridge="true">` +
        `<Number ${events}>+14155550101</Number>` +
        `<Number ${events}>+14155550102</Number>` +
        `<Number sendDigits="ww204" ${events}>+14155550100</Number>` +
        `</Dial></Response>`,
    );
  });

  test("one destination with a shorter timeout and fewer status events", () => {
    const el = (
      <Forward
        destinations={[{ number: "+442071838750", sendDigits: "w1" }]}
        callerId="+14155550199"
        timeout={10}
        action="/forward/after?team=uk"
        statusCallbackEvent={["answered", "completed"]}
      />
    );
    expect(render(el)).toBe(
      `${XML}<Response>` +
        `<Dial action="/forward/after?team=uk" callerId="+14155550199" timeout="10" answerOnBridge="true">` +
        `<Number sendDigits="w1" statusCallback="/forward/status" statusCallbackEvent="answered completed">+442071838750</Number>` +
        `</Dial></Response>`,
    );
  });

  test("after an unanswered dial the caller hears an apology and goes to voicemail", () => {
    expect(render(defaultAfterForward())).toBe(
      `${XML}<Response><Say>Sorry, nobody is available to take your call.</Say><Redirect>/voicemail</Redirect></Response>`,
    );
  });

  test("after a completed dial the call simply ends", () => {
    expect(render(<AfterForward dialCallStatus="completed" />)).toBe(`${XML}<Response><Hangup/></Response>`);
  });

  test("the default documents are what twilio's builder makes", () => {
    const forward = new twilio.twiml.VoiceResponse();
    const dial = forward.dial({ action: "/forward/after", callerId: "+14155550199", timeout: 20, answerOnBridge: true });
    const events: NumberStatusCallbackEventValue[] = ["initiated", "ringing", "answered", "completed"];
    const status = { statusCallback: "/forward/status", statusCallbackEvent: events };
    dial.number(status, "+14155550101");
    dial.number(status, "+14155550102");
    dial.number({ sendDigits: "ww204", ...status }, "+14155550100");
    const after = new twilio.twiml.VoiceResponse();
    after.say("Sorry, nobody is available to take your call.");
    after.redirect("/voicemail");
    expect(render(defaultForward()) + render(defaultAfterForward())).toBe(forward.toString() + after.toString());
  });
});

describe("queue", () => {
  test("default props put the caller in the support queue", () => {
    expect(render(defaultEnqueueCaller())).toBe(
      `${XML}<Response><Enqueue waitUrl="/queue/wait" action="/queue/left">support</Enqueue></Response>`,
    );
  });

  test("another queue with its own wait document", () => {
    expect(render(<EnqueueCaller queue="sales" waitUrl="/queue/wait?team=sales&lang=en" />)).toBe(
      `${XML}<Response><Enqueue waitUrl="/queue/wait?team=sales&amp;lang=en" action="/queue/left">sales</Enqueue></Response>`,
    );
  });

  test("the wait document tells the caller their place, then loops the music", () => {
    expect(render(defaultHoldMusic())).toBe(
      `${XML}<Response><Say>You are number 3 in line. Please hold.</Say>` +
        `<Play loop="0">http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3</Play></Response>`,
    );
  });

  test("the caller at the front of the queue is told they are next", () => {
    expect(render(<HoldMusic position={1} music="https://example.com/hold.mp3" />)).toBe(
      `${XML}<Response><Say>You are next in line. Please hold.</Say><Play loop="0">https://example.com/hold.mp3</Play></Response>`,
    );
  });

  test("the agent side dequeues the longest-waiting caller", () => {
    expect(render(defaultAnswerNextCaller())).toBe(`${XML}<Response><Dial><Queue>support</Queue></Dial></Response>`);
  });

  test("an agent can answer another queue", () => {
    expect(render(<AnswerNextCaller queue="sales" />)).toBe(`${XML}<Response><Dial><Queue>sales</Queue></Dial></Response>`);
  });

  test("the default documents are what twilio's builder makes", () => {
    const caller = new twilio.twiml.VoiceResponse();
    caller.enqueue({ waitUrl: "/queue/wait", action: "/queue/left" }, "support");
    const wait = new twilio.twiml.VoiceResponse();
    wait.say("You are number 3 in line. Please hold.");
    wait.play({ loop: 0 }, "http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3");
    const agent = new twilio.twiml.VoiceResponse();
    agent.dial().queue("support");
    expect([defaultEnqueueCaller(), defaultHoldMusic(), defaultAnswerNextCaller()].map((el) => render(el)).join("\n")).toBe(
      [caller, wait, agent].map((r) => r.toString()).join("\n"),
    );
  });
});

describe("sms-reply", () => {
  test("MENU gets the menu text and both pictures", () => {
    expect(render(defaultSmsAutoReply())).toBe(
      `${XML}<Response><Message><Body>Here is today's menu. Bon appétit!</Body>` +
        `<Media>https://example.com/menu/today.jpg?w=800&amp;h=600</Media>` +
        `<Media>https://example.com/menu/desserts.jpg?w=800&amp;h=600</Media>` +
        `</Message></Response>`,
    );
  });

  test("HOURS, in any case and with extra words, gets the opening hours and no picture", () => {
    expect(render(<SmsAutoReply incoming="  hours please" />)).toBe(
      `${XML}<Response><Message><Body>We're open Monday to Friday 9am-6pm &amp; Saturday 10am-4pm.</Body></Message></Response>`,
    );
  });

  test("any other text gets the list of keywords", () => {
    expect(render(<SmsAutoReply incoming="hello?" />)).toBe(
      `${XML}<Response><Message><Body>Reply HOURS for our opening hours or MENU for today's menu.</Body></Message></Response>`,
    );
  });

  test("the pictures come from the array given", () => {
    expect(render(<SmsAutoReply incoming="Menu" menuPictures={["https://example.com/a.png"]} />)).toBe(
      `${XML}<Response><Message><Body>Here is today's menu. Bon appétit!</Body><Media>https://example.com/a.png</Media></Message></Response>`,
    );
  });

  test("the default document is what twilio's builder makes", () => {
    const response = new twilio.twiml.MessagingResponse();
    const message = response.message("");
    message.body("Here is today's menu. Bon appétit!");
    message.media("https://example.com/menu/today.jpg?w=800&h=600");
    message.media("https://example.com/menu/desserts.jpg?w=800&h=600");
    expect(render(defaultSmsAutoReply())).toBe(response.toString());
  });
});

describe("index", () => {
  test("lists every document in the order start.mjs prints them", () => {
    expect(examples.map((e) => e.name).join(", ")).toBe(
      "voicemail, ivr, forwarding, forwarding (after dial), queue (caller), queue (hold music), queue (agent), sms-reply",
    );
  });

  test("an entry renders with the options start.mjs passes", () => {
    expect(examples[0]!.render({ indent: 2 })).toBe(
      `${XML}\n<Response>\n  <Say voice="woman">Please leave a message after the tone.</Say>\n  <Record maxLength="20"/>\n</Response>`,
    );
  });
});
