import {
  Body,
  Conference,
  Connect,
  Dial,
  Enqueue,
  Gather,
  Hangup,
  Media,
  Message,
  MessagingResponse,
  Number as DialNumber,
  Parameter,
  Pause,
  Pay,
  Play,
  Prompt,
  Queue,
  Record,
  Redirect,
  Refer,
  Reject,
  Response as TwimlResponse,
  Say,
  Sip,
  Siprec,
  Sms,
  Start,
  Stop,
  Stream,
  Task,
  Transcription,
  VoiceResponse,
  type TwiMLElement,
} from "twiml-jsx";
import { MessagingResponse as MessagingBuilder, VoiceResponse as VoiceBuilder } from "./builders.js";

// Realistic documents written in TSX, each with the same document made by Twilio's builder.

/** A document as TSX, and the XML Twilio's builder makes for it. */
export interface BuiltDocument {
  readonly jsx: TwiMLElement;
  readonly builder: string;
}

export const DOCUMENTS: { readonly name: string; readonly build: () => BuiltDocument }[] = [];

function document(name: string, build: () => BuiltDocument): void {
  DOCUMENTS.push({ name, build });
}

document("IVR menu: Gather for speech and DTMF around Say with SSML, Play and Pause", () => {
  const jsx = (
    <VoiceResponse>
      <Gather
        input={["speech", "dtmf"]}
        action="/ivr/choice?step=1&lang=en"
        method="POST"
        numDigits={1}
        timeout={5}
        speechTimeout="auto"
        hints={["sales", "support", "billing"]}
        language="en-US"
      >
        <Say voice="Polly.Joanna" language="en-US">
          Welcome to Acme.
          <break time="500ms" />
          <prosody rate="slow" pitch="+5%" volume="loud">
            Please listen carefully,
          </prosody>{" "}
          as our options have changed.
          <p>
            <s>
              For sales, press <say-as interpret-as="digits">1</say-as>.
            </s>
            <s>
              For support, <emphasis level="strong">press 2</emphasis>.
            </s>
          </p>
          <sub alias="World Wide Web Consortium">W3C</sub> members say <w role="amazon:VBD">read</w>.
          <phoneme alphabet="ipa" ph="təˈmeɪtoʊ">
            tomato
          </phoneme>
          <lang xml:lang="fr-FR">Bonjour et bienvenue.</lang>
        </Say>
        <Play loop={1}>https://example.com/hold.mp3</Play>
        <Pause length={2} />
      </Gather>
      <Say>We did not receive any input. Goodbye!</Say>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  const gather = response.gather({
    input: ["speech", "dtmf"],
    action: "/ivr/choice?step=1&lang=en",
    method: "POST",
    numDigits: 1,
    timeout: 5,
    speechTimeout: "auto",
    hints: "sales,support,billing",
    language: "en-US",
  });
  const say = gather.say({ voice: "Polly.Joanna", language: "en-US" }, "Welcome to Acme.");
  say.break({ time: "500ms" });
  say.prosody({ rate: "slow", pitch: "+5%", volume: "loud" }, "Please listen carefully,");
  say.addText(" as our options have changed.");
  // Twilio's declarations demand text for <p>, which its builder does not need.
  const p = say.p({}, undefined as never);
  const s1 = p.s({}, "For sales, press ");
  s1.sayAs({ "interpret-as": "digits" }, "1");
  s1.addText(".");
  const s2 = p.s({}, "For support, ");
  s2.emphasis({ level: "strong" }, "press 2");
  s2.addText(".");
  say.sub({ alias: "World Wide Web Consortium" }, "W3C");
  say.addText(" members say ");
  say.w({ role: "amazon:VBD" }, "read");
  say.addText(".");
  say.phoneme({ alphabet: "ipa", ph: "təˈmeɪtoʊ" }, "tomato");
  say.lang({ "xml:lang": "fr-FR" }, "Bonjour et bienvenue.");
  gather.play({ loop: 1 }, "https://example.com/hold.mp3");
  gather.pause({ length: 2 });
  response.say("We did not receive any input. Goodbye!");

  return { jsx, builder: response.toString() };
});

document("call forwarding: Dial with several Number nouns and status callback event lists", () => {
  const jsx = (
    <VoiceResponse>
      <Dial
        callerId="+15550100"
        timeout={20}
        answerOnBridge
        record="record-from-answer-dual"
        recordingStatusCallbackEvent={["in-progress", "completed"]}
        action="/dial/done"
      >
        <DialNumber
          statusCallback="/status?leg=office"
          statusCallbackEvent={["initiated", "ringing", "answered", "completed"]}
          statusCallbackMethod="POST"
        >
          +15550101
        </DialNumber>
        <DialNumber sendDigits="wwww1928" statusCallbackEvent="answered" url="/whisper">
          +15550102
        </DialNumber>
        <DialNumber machineDetection="Enable" machineDetectionTimeout={30} amdStatusCallback="/amd" byoc="BY0123">
          +15550103
        </DialNumber>
      </Dial>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  const dial = response.dial({
    callerId: "+15550100",
    timeout: 20,
    answerOnBridge: true,
    record: "record-from-answer-dual",
    recordingStatusCallbackEvent: ["in-progress", "completed"],
    action: "/dial/done",
  });
  dial.number(
    {
      statusCallback: "/status?leg=office",
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
      statusCallbackMethod: "POST",
    },
    "+15550101",
  );
  dial.number({ sendDigits: "wwww1928", statusCallbackEvent: ["answered"], url: "/whisper" }, "+15550102");
  dial.number({ machineDetection: "Enable", machineDetectionTimeout: 30, amdStatusCallback: "/amd", byoc: "BY0123" }, "+15550103");

  return { jsx, builder: response.toString() };
});

document("conference with many attributes", () => {
  const jsx = (
    <VoiceResponse>
      <Dial hangupOnStar={false}>
        <Conference
          beep="onEnter"
          startConferenceOnEnter
          endConferenceOnExit={false}
          muted={false}
          maxParticipants={10}
          record="record-from-start"
          region="ie1"
          trim="do-not-trim"
          waitUrl="https://twimlets.com/holdmusic?Bucket=com.twilio.music.ambient"
          waitMethod="GET"
          statusCallback="/conference/events"
          statusCallbackEvent={["start", "end", "join", "leave", "mute", "hold"]}
          statusCallbackMethod="POST"
          recordingStatusCallback="/conference/recording"
          recordingStatusCallbackEvent="completed"
          participantLabel="customer"
          jitterBufferSize="small"
          coach="CA0123456789abcdef0123456789abcdef"
        >
          Weekly Sync
        </Conference>
      </Dial>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.dial({ hangupOnStar: false }).conference(
    {
      beep: "onEnter",
      startConferenceOnEnter: true,
      endConferenceOnExit: false,
      muted: false,
      maxParticipants: 10,
      record: "record-from-start",
      region: "ie1",
      trim: "do-not-trim",
      waitUrl: "https://twimlets.com/holdmusic?Bucket=com.twilio.music.ambient",
      waitMethod: "GET",
      statusCallback: "/conference/events",
      statusCallbackEvent: ["start", "end", "join", "leave", "mute", "hold"],
      statusCallbackMethod: "POST",
      recordingStatusCallback: "/conference/recording",
      recordingStatusCallbackEvent: ["completed"],
      participantLabel: "customer",
      jitterBufferSize: "small",
      coach: "CA0123456789abcdef0123456789abcdef",
    },
    "Weekly Sync",
  );

  return { jsx, builder: response.toString() };
});

document("Enqueue with a TaskRouter Task", () => {
  const task = JSON.stringify({ selected_language: "es", account: { tier: "gold" } });
  const jsx = (
    <VoiceResponse>
      <Enqueue
        workflowSid="WW0123456789abcdef0123456789abcdef"
        waitUrl="/wait"
        waitUrlMethod="GET"
        action="/enqueue/done"
        maxQueueSize={50}
      >
        <Task priority={5} timeout={200}>
          {task}
        </Task>
      </Enqueue>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response
    .enqueue({
      workflowSid: "WW0123456789abcdef0123456789abcdef",
      waitUrl: "/wait",
      waitUrlMethod: "GET",
      action: "/enqueue/done",
      maxQueueSize: 50,
    })
    .task({ priority: 5, timeout: 200 }, task);

  return { jsx, builder: response.toString() };
});

document("Queue inside Dial", () => {
  const jsx = (
    <VoiceResponse>
      <Say>Connecting you to the next caller.</Say>
      <Dial>
        <Queue url="/agent/whisper" method="GET" reservationSid="WR0123" postWorkActivitySid="WA0123">
          support
        </Queue>
      </Dial>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.say("Connecting you to the next caller.");
  response.dial().queue({ url: "/agent/whisper", method: "GET", reservationSid: "WR0123", postWorkActivitySid: "WA0123" }, "support");

  return { jsx, builder: response.toString() };
});

document("voicemail: Record with transcription", () => {
  const jsx = (
    <VoiceResponse>
      <Say>Please leave a message after the beep.</Say>
      <Record
        action="/voicemail/saved"
        method="POST"
        maxLength={120}
        finishOnKey="#"
        timeout={10}
        playBeep
        transcribe
        transcribeCallback="/voicemail/text"
        trim="trim-silence"
        recordingStatusCallback="/voicemail/status"
        recordingStatusCallbackEvent={["in-progress", "completed", "absent"]}
      />
      <Say>I did not receive a recording.</Say>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.say("Please leave a message after the beep.");
  response.record({
    action: "/voicemail/saved",
    method: "POST",
    maxLength: 120,
    finishOnKey: "#",
    timeout: 10,
    playBeep: true,
    transcribe: true,
    transcribeCallback: "/voicemail/text",
    trim: "trim-silence",
    recordingStatusCallback: "/voicemail/status",
    recordingStatusCallbackEvent: ["in-progress", "completed", "absent"],
  });
  response.say("I did not receive a recording.");

  return { jsx, builder: response.toString() };
});

document("voice Redirect", () => {
  const jsx = (
    <VoiceResponse>
      <Redirect method="GET">{"https://example.com/next?from=%2B15550100&step=2"}</Redirect>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.redirect({ method: "GET" }, "https://example.com/next?from=%2B15550100&step=2");

  return { jsx, builder: response.toString() };
});

document("Reject with a reason", () => {
  const jsx = (
    <VoiceResponse>
      <Reject reason="busy" />
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.reject({ reason: "busy" });

  return { jsx, builder: response.toString() };
});

document("Hangup after a goodbye, with a Parameter", () => {
  const jsx = (
    <VoiceResponse>
      <Say>Goodbye.</Say>
      <Hangup>
        <Parameter name="reason" value="completed" />
      </Hangup>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.say("Goodbye.");
  response.hangup().parameter({ name: "reason", value: "completed" });

  return { jsx, builder: response.toString() };
});

document("Pay with Prompt children and a Parameter", () => {
  const jsx = (
    <VoiceResponse>
      <Pay
        paymentConnector="Stripe_Connector"
        chargeAmount="20.45"
        currency="usd"
        description="Order #1234 & co"
        tokenType="one-time"
        validCardTypes={["visa", "mastercard", "amex"]}
        postalCode="false"
        securityCode
        maxAttempts={3}
        timeout={5}
        action="/pay/done"
        statusCallback="/pay/status"
        language="en-US"
      >
        <Prompt for="payment-card-number">
          <Say>Please enter your card number.</Say>
        </Prompt>
        <Prompt for="payment-card-number" errorType={["invalid-card-number", "timeout"]} attempt={[1, 2]}>
          <Say>That card number was not valid.</Say>
          <Pause length={1} />
        </Prompt>
        <Prompt for="expiration-date" cardType="visa" attempt={3} requireMatchingInputs>
          <Play>https://example.com/expiry.mp3</Play>
        </Prompt>
        <Parameter name="order_id" value="1234" />
      </Pay>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  const pay = response.pay({
    paymentConnector: "Stripe_Connector",
    chargeAmount: "20.45",
    currency: "usd",
    description: "Order #1234 & co",
    tokenType: "one-time",
    validCardTypes: ["visa", "mastercard", "amex"],
    postalCode: "false",
    securityCode: true,
    maxAttempts: 3,
    timeout: 5,
    action: "/pay/done",
    statusCallback: "/pay/status",
    language: "en-US",
  });
  pay.prompt({ for: "payment-card-number" }).say("Please enter your card number.");
  const retry = pay.prompt({ for: "payment-card-number", errorType: ["invalid-card-number", "timeout"], attempt: [1, 2] });
  retry.say("That card number was not valid.");
  retry.pause({ length: 1 });
  pay
    .prompt({ for: "expiration-date", cardType: ["visa"], attempt: [3], requireMatchingInputs: true })
    .play("https://example.com/expiry.mp3");
  pay.parameter({ name: "order_id", value: "1234" });

  return { jsx, builder: response.toString() };
});

document("Connect with a Stream and Parameters", () => {
  const jsx = (
    <VoiceResponse>
      <Connect action="/connect/done" method="POST">
        <Stream url="wss://media.example.com/stream" name="agent-stream" track="inbound_track" statusCallback="/stream/status">
          <Parameter name="customer" value="C-42" />
          <Parameter name="topic" value={`billing & "refunds"`} />
        </Stream>
      </Connect>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  const stream = response
    .connect({ action: "/connect/done", method: "POST" })
    .stream({ url: "wss://media.example.com/stream", name: "agent-stream", track: "inbound_track", statusCallback: "/stream/status" });
  stream.parameter({ name: "customer", value: "C-42" });
  stream.parameter({ name: "topic", value: `billing & "refunds"` });

  return { jsx, builder: response.toString() };
});

document("Start with Stream, Siprec and Transcription", () => {
  const jsx = (
    <VoiceResponse>
      <Start action="/start/done">
        <Stream url="wss://media.example.com/fork" track="both_tracks" />
        <Siprec connectorName="Recorder1" name="compliance" track="both_tracks">
          <Parameter name="agent" value="alice" />
        </Siprec>
        <Transcription
          name="live"
          languageCode="en-US"
          track="inbound_track"
          partialResults
          profanityFilter={false}
          statusCallbackUrl="/transcription"
          hints={["Acme", "Twilio"]}
        />
      </Start>
      <Dial>+15550199</Dial>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  const start = response.start({ action: "/start/done" });
  start.stream({ url: "wss://media.example.com/fork", track: "both_tracks" });
  start.siprec({ connectorName: "Recorder1", name: "compliance", track: "both_tracks" }).parameter({ name: "agent", value: "alice" });
  start.transcription({
    name: "live",
    languageCode: "en-US",
    track: "inbound_track",
    partialResults: true,
    profanityFilter: false,
    statusCallbackUrl: "/transcription",
    hints: "Acme,Twilio",
  });
  response.dial("+15550199");

  return { jsx, builder: response.toString() };
});

document("Stop a Stream, a Siprec session and a Transcription", () => {
  const jsx = (
    <VoiceResponse>
      <Stop>
        <Stream name="agent-stream" />
        <Siprec name="compliance" />
        <Transcription name="live" />
      </Stop>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  const stop = response.stop();
  stop.stream({ name: "agent-stream" });
  stop.siprec({ name: "compliance" });
  stop.transcription({ name: "live" });

  return { jsx, builder: response.toString() };
});

document("Refer with a Sip URI", () => {
  const jsx = (
    <VoiceResponse>
      <Refer action="/refer/done" method="POST">
        <Sip>sip:alice@example.com?X-Case=42&amp;X-Tier=gold</Sip>
      </Refer>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.refer({ action: "/refer/done", method: "POST" }).sip("sip:alice@example.com?X-Case=42&X-Tier=gold");

  return { jsx, builder: response.toString() };
});

document("legacy Sms during a call", () => {
  const jsx = (
    <VoiceResponse>
      <Say>We are texting you the link.</Say>
      <Sms to="+15550100" from="+15550199" action="/sms/done" method="POST" statusCallback="/sms/status">
        Your link: {"https://example.com/r?id=1&t=2"}
      </Sms>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.say("We are texting you the link.");
  response.sms(
    { to: "+15550100", from: "+15550199", action: "/sms/done", method: "POST", statusCallback: "/sms/status" },
    "Your link: https://example.com/r?id=1&t=2",
  );

  return { jsx, builder: response.toString() };
});

document("Message with a Body and several Media", () => {
  const jsx = (
    <MessagingResponse>
      <Message>
        <Body>Here are your photos 📷</Body>
        <Media>https://example.com/a.jpg</Media>
        <Media>https://example.com/b.png?size=large&amp;v=2</Media>
        <Media>https://example.com/c.gif</Media>
      </Message>
    </MessagingResponse>
  );

  const response = new MessagingBuilder();
  // Twilio's declarations demand text for <Message>, which its builder does not need.
  const message = response.message({}, undefined as never);
  message.body("Here are your photos 📷");
  message.media("https://example.com/a.jpg");
  message.media("https://example.com/b.png?size=large&v=2");
  message.media("https://example.com/c.gif");

  return { jsx, builder: response.toString() };
});

document("Message with plain text and attributes", () => {
  const jsx = (
    <MessagingResponse>
      <Message to="+15550100" from="+15550199" action="/message/done" method="GET" statusCallback="/message/status">
        Thanks for your order!
      </Message>
      <Message>A second message.</Message>
    </MessagingResponse>
  );

  const response = new MessagingBuilder();
  response.message(
    { to: "+15550100", from: "+15550199", action: "/message/done", method: "GET", statusCallback: "/message/status" },
    "Thanks for your order!",
  );
  response.message("A second message.");

  return { jsx, builder: response.toString() };
});

document("messaging Redirect", () => {
  const jsx = (
    <MessagingResponse>
      <Message>One moment…</Message>
      <Redirect method="POST">https://example.com/sms/next</Redirect>
    </MessagingResponse>
  );

  const response = new MessagingBuilder();
  response.message("One moment…");
  response.redirect({ method: "POST" }, "https://example.com/sms/next");

  return { jsx, builder: response.toString() };
});

document("empty VoiceResponse renders <Response/>", () => {
  return { jsx: <VoiceResponse />, builder: new VoiceBuilder().toString() };
});

document("empty MessagingResponse renders <Response/>", () => {
  return { jsx: <MessagingResponse />, builder: new MessagingBuilder().toString() };
});

document("interpolated text renders as one string", () => {
  const name = "Ada";
  const count = 3;
  const jsx = (
    <VoiceResponse>
      <Say>
        Hello {name}, you have {count} new messages.
      </Say>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.say("Hello " + name + ", you have " + String(count) + " new messages.");

  return { jsx, builder: response.toString() };
});

document("numbers as children render as their decimal text", () => {
  const jsx = (
    <VoiceResponse>
      <Say>{42}</Say>
      <Say>{-1.5}</Say>
      <Dial>{15550100}</Dial>
      <Enqueue>{7}</Enqueue>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.say("42");
  response.say("-1.5");
  response.dial("15550100");
  response.enqueue("7");

  return { jsx, builder: response.toString() };
});

document("markup characters and CR, tab, newline are escaped in text as the builder does", () => {
  const text = `Tom & Jerry <script>alert("x")</script> 'quoted' > ]]> &amp;\r\n\tend`;
  const jsx = (
    <VoiceResponse>
      <Say>{text}</Say>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.say(text);

  return { jsx, builder: response.toString() };
});

document("markup characters and CR, tab, newline are escaped in attributes as the builder does", () => {
  const value = `a&b <c> "d" 'e' &amp; \r\n\t end`;
  const jsx = (
    <VoiceResponse>
      <Play loop={2}>https://example.com/a.mp3</Play>
      <Redirect method="POST">/next</Redirect>
      <Dial callerId={value} action={value} passports="">
        +15550100
      </Dial>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.play({ loop: 2 }, "https://example.com/a.mp3");
  response.redirect({ method: "POST" }, "/next");
  response.dial({ callerId: value, action: value, passports: "" }, "+15550100");

  return { jsx, builder: response.toString() };
});

document("unicode (emoji, CJK, combining marks) passes through text and attributes unchanged", () => {
  const text = "Hola 👋🏽 こんにちは 你好 안녕 cafe\u0301 n\u0303 👨‍👩‍👧 𝄞";
  const jsx = (
    <VoiceResponse>
      <Say voice="Polly.Mizuki" language="ja-JP">
        {text}
      </Say>
      <Dial callerId="Zoë 🎧" action="/路由?名前=太郎">
        <DialNumber url={"/whisper?msg=e\u0301"}>+15550100</DialNumber>
      </Dial>
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  response.say({ voice: "Polly.Mizuki", language: "ja-JP" }, text);
  response.dial({ callerId: "Zoë 🎧", action: "/路由?名前=太郎" }).number({ url: "/whisper?msg=e\u0301" }, "+15550100");

  return { jsx, builder: response.toString() };
});

document("Response infers a voice document from its children", () => {
  const jsx = (
    <TwimlResponse>
      <Say>Hi</Say>
      <Redirect>/voice/next</Redirect>
    </TwimlResponse>
  );

  const response = new VoiceBuilder();
  response.say("Hi");
  response.redirect("/voice/next");

  return { jsx, builder: response.toString() };
});

document("Response infers a messaging document from its children", () => {
  const jsx = (
    <TwimlResponse>
      <Redirect>/sms/first</Redirect>
      <Message to="+15550100">Hi</Message>
    </TwimlResponse>
  );

  const response = new MessagingBuilder();
  response.redirect("/sms/first");
  response.message({ to: "+15550100" }, "Hi");

  return { jsx, builder: response.toString() };
});

document("user components, fragments and lists make the same document as the builder", () => {
  const Menu = ({ options }: { options: readonly string[] }): TwiMLElement => (
    <>
      {options.map((option, i) => (
        <Say key={option}>
          Press {i + 1} for {option}.
        </Say>
      ))}
    </>
  );
  const jsx = (
    <VoiceResponse>
      <Gather numDigits={1}>
        <Menu options={["sales", "support"]} />
      </Gather>
      {false}
      {null}
      <Hangup />
    </VoiceResponse>
  );

  const response = new VoiceBuilder();
  const gather = response.gather({ numDigits: 1 });
  gather.say("Press 1 for sales.");
  gather.say("Press 2 for support.");
  response.hangup();

  return { jsx, builder: response.toString() };
});
