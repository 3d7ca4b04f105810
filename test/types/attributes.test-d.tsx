// Attribute types: each kind of value the vocabulary declares, with what compiles and what does not.
import {
  Conference,
  Config,
  ConversationRelay,
  Dial,
  Gather,
  Header,
  Language,
  Message,
  Number,
  Parameter,
  Pay,
  Play,
  Prompt,
  Say,
  Start,
  Stop,
  Stream,
  UnlistedElement,
  VirtualAgent,
} from "twiml-jsx";

// Closed enums: literal unions, one value or (for lists) several.
<Gather input="speech" />;
<Gather input={["dtmf", "speech"]} />;
// @ts-expect-error "tone" is not a Gather input mode
<Gather input="tone" />;
// @ts-expect-error every item of a list is checked
<Gather input={["dtmf", "tone"]} />;
<Gather method="GET" />;
<Gather method="POST" />;
// @ts-expect-error HTTP methods are GET or POST only
<Gather method="PUT" />;
// @ts-expect-error enum values are case-sensitive
<Gather method="get" />;
<Dial record="record-from-answer-dual">+15551234567</Dial>;
// @ts-expect-error "always" is not a Dial recording mode
<Dial record="always">+15551234567</Dial>;

// Integers: a number, or a string holding one.
<Gather numDigits={1} />;
<Gather numDigits="1" />;
<Gather timeout={0} speechTimeout="auto" />;
// @ts-expect-error a boolean is not a count of digits
<Gather numDigits={true} />;
// @ts-expect-error a string must spell a number
<Gather numDigits="one" />;
// @ts-expect-error an integer attribute takes one value, not a list
<Gather numDigits={[1, 2]} />;

// Booleans: true/false, or the same words as strings.
<Gather bargeIn={false} />;
<Gather bargeIn="false" />;
<Gather bargeIn={true} />;
<Gather bargeIn="true" />;
// @ts-expect-error only "true" and "false" spell a boolean
<Gather bargeIn="no" />;
// @ts-expect-error a number is not a boolean
<Gather bargeIn={1} />;

// Integer lists: one integer or an array of them.
<Prompt attempt={1} for="payment-card-number" />;
<Prompt attempt={[1, 2]} for="payment-card-number" />;
// @ts-expect-error the items of an integer list are numbers
<Prompt attempt={["1", "2"]} />;
// @ts-expect-error "first" is not an attempt number
<Prompt attempt="first" />;

// Enum lists: one value or an array, written space-separated.
<Dial recordingStatusCallbackEvent="completed">+15551234567</Dial>;
<Dial recordingStatusCallbackEvent={["in-progress", "completed"]}>+15551234567</Dial>;
<Pay validCardTypes={["visa", "amex"]} />;
<Number statusCallbackEvent={["initiated", "ringing", "answered", "completed"] as const}>+15551234567</Number>;
// @ts-expect-error "done" is not a recording status event
<Dial recordingStatusCallbackEvent="done">+15551234567</Dial>;
// @ts-expect-error every item of an enum list is checked
<Pay validCardTypes={["visa", "paypal"]} />;
declare const anyStrings: string[];
// @ts-expect-error a plain string[] may hold anything; only the literal values are accepted
<Gather input={anyStrings} />;

// Open values: suggestions for the editor, but any string is accepted.
<Say voice="Polly.Joanna">Hello</Say>;
<Say voice="my-custom-voice">Hello</Say>;
<Say voice="woman" language="en-GB">Hello</Say>;
<Say language="xx-YY">Hello</Say>;
<Gather finishOnKey="" speechModel="phone_call" language="fr-FR" />;
<Gather finishOnKey="12" speechModel="a-model-added-later" />;
// @ts-expect-error an open value is still a string
<Say voice={3}>Hello</Say>;
// @ts-expect-error an open value is still a string
<Gather language={["en-US"]} />;

// Unknown attributes are errors (a typo never reaches Twilio).
// @ts-expect-error "vioce" is not an attribute of <Say>
<Say vioce="woman">Hello</Say>;
// @ts-expect-error attribute names are case-sensitive
<Gather NumDigits={1} />;
// @ts-expect-error "lop" is not an attribute of <Play> (props made of several forms still reject extras)
<Play lop={2}>https://example.com/a.mp3</Play>;

// Required attributes.
<Parameter name="FirstName" value="Alice" />;
<Header name="X-Custom" value="1" />;
<Config name="language" value="en" />;
<ConversationRelay url="wss://example.com/relay" />;
<VirtualAgent connectorName="dialogflow" />;
<Language code="fr-FR" />;
// @ts-expect-error <Parameter> needs a value
<Parameter name="FirstName" />;
// @ts-expect-error <Parameter> needs a name
<Parameter value="Alice" />;
// @ts-expect-error <Header> needs a name
<Header value="1" />;
// @ts-expect-error <Config> needs a value
<Config name="language" />;
// @ts-expect-error <ConversationRelay> needs a websocket url
<ConversationRelay welcomeGreeting="Hi" />;
// @ts-expect-error <VirtualAgent> needs connectorName
<VirtualAgent language="en-US" />;
// @ts-expect-error <Language> needs a code
<Language voice="Polly.Joanna" />;
// <Stream> needs url under <Start> and <Connect> but not under <Stop>; its props cover all three forms,
// so the type accepts it without url and the renderer reports the missing attribute under <Start>.
<Start>
  <Stream url="wss://example.com/audio" name="audio" />
</Start>;
<Stop>
  <Stream name="audio" />
</Stop>;

// Deprecated attributes and elements still compile (the editor strikes them through).
<Message statusCallback="https://example.com/status">Hi</Message>;
<Gather enhanced={true} speechModel="phone_call" />;

// unlistedAttributes: for attributes Twilio adds later; values are plain scalars.
<Say unlistedAttributes={{ newThing: "x" }}>Hello</Say>;
<Conference unlistedAttributes={{ level: 2, flag: true, off: null, unset: undefined }}>Room</Conference>;
<UnlistedElement tag="Beep" attributes={{ tone: "high", times: 2 }} />;
// @ts-expect-error an object is not an attribute value
<Say unlistedAttributes={{ x: {} }}>Hello</Say>;
// @ts-expect-error a list is not an unlisted attribute value
<Say unlistedAttributes={{ x: ["a", "b"] }}>Hello</Say>;
// @ts-expect-error unlistedAttributes is a record, not a string
<Say unlistedAttributes="newThing=x">Hello</Say>;

// key: accepted by every component, as in React, for lists of elements.
<Say key="greeting">Hello</Say>;
<Number key={1}>+15551234567</Number>;
// @ts-expect-error a key is a string, number or bigint
<Say key={{ id: 1 }}>Hello</Say>;

// <ConversationRelay> attributes in both spellings: camelCase typed, the builder's lower case as strings.
<ConversationRelay url="wss://example.com/relay" ignoreBackchannel speechTimeout={1200} eotThreshold="0.8" deepgramSmartFormat />;
<ConversationRelay url="wss://example.com/relay" ignorebackchannel="true" speechtimeout="1200" deepgramsmartformat="true" />;
// @ts-expect-error speechTimeout is a number of milliseconds
<ConversationRelay url="wss://example.com/relay" speechTimeout="fast" />;
// @ts-expect-error ignoreBackchannel is true or false
<ConversationRelay url="wss://example.com/relay" ignoreBackchannel="yes" />;
