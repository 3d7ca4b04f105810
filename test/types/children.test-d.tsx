// Children: which elements take text, elements, both, either or nothing.
import {
  Body,
  Client,
  Conference,
  Connect,
  Dial,
  Echo,
  Gather,
  Identity,
  Leave,
  Media,
  Message,
  MessagingResponse,
  Number,
  Parameter,
  Pause,
  Play,
  Queue,
  Redirect,
  Say,
  Sms,
  Start,
  Stream,
  type TwiMLElement,
  type TwiMLNode,
  VoiceResponse,
} from "twiml-jsx";

declare const name: string;
declare const num: number;
declare const cond: boolean;
declare const url: string;
declare const options: readonly string[];

// No children at all.
<Pause length={2} />;
<Leave />;
<Echo />;
<break time="1s" />;
// @ts-expect-error <Pause> takes no text
<Pause>2</Pause>;
// @ts-expect-error <Pause> takes no elements
<Pause><Say>Hello</Say></Pause>;
// @ts-expect-error <Leave> takes no text
<Leave>now</Leave>;
// @ts-expect-error <Leave> takes no elements
<Leave><Pause /></Leave>;
// @ts-expect-error <Echo> takes no text
<Echo>hello</Echo>;
// @ts-expect-error <Echo> takes no elements
<Echo><Pause /></Echo>;
// @ts-expect-error SSML <break> takes no text
<break time="1s">pause</break>;
// @ts-expect-error SSML <break> takes no elements
<break time="1s"><emphasis>x</emphasis></break>;

// Text only: strings, numbers and interpolation; no elements.
<Say>Hello {name}</Say>;
<Say>{num}</Say>;
<Play>https://example.com/hello.mp3</Play>;
<Play>{url}</Play>;
<Redirect method="GET">{url}</Redirect>;
<Number>{num}</Number>;
<Number>+1 {num}</Number>;
<Body>Your code is {num}</Body>;
<Media>{url}</Media>;
<Sms to="+15551234567">Hello {name}</Sms>;
<Queue>support</Queue>;
<Conference>Room {num}</Conference>;
<say-as interpret-as="digits">{num}</say-as>;
<Number>{cond ? num : "+15551234567"}</Number>;
<Body>{options.map((option) => `${option}, `)}</Body>;
// @ts-expect-error <Play> takes a URL, not elements
<Play><Say>Hello</Say></Play>;
// @ts-expect-error <Redirect> takes a URL, not elements
<Redirect><Say>Hello</Say></Redirect>;
// @ts-expect-error <Number> takes a phone number, not elements
<Number><Client>alice</Client></Number>;
// @ts-expect-error <Body> takes text, not elements
<Body><Media>{url}</Media></Body>;
// @ts-expect-error <Media> takes a URL, not elements
<Media><Body>x</Body></Media>;
// @ts-expect-error <Sms> takes text, not elements
<Sms><Say>x</Say></Sms>;
// @ts-expect-error <Queue> takes a queue name, not elements
<Queue><Say>x</Say></Queue>;
// @ts-expect-error <Conference> takes a room name, not elements
<Conference><Say>x</Say></Conference>;
// @ts-expect-error SSML <say-as> takes text, not other SSML
<say-as interpret-as="digits"><emphasis>1</emphasis></say-as>;
// @ts-expect-error text mixed with an element is still an element
<Number>+1 <Pause /></Number>;

// Required text: the element means nothing without it.
// @ts-expect-error <Number> needs the number to dial
<Number />;
// @ts-expect-error <Redirect> needs the URL to continue with
<Redirect />;
// @ts-expect-error <Body> needs the message text
<Body />;
// @ts-expect-error <Say> needs something to say
<Say />;
// @ts-expect-error <Queue> needs the queue name
<Queue />;
// @ts-expect-error <Conference> needs the room name
<Conference />;
// @ts-expect-error SSML <say-as> needs the text to interpret
<say-as interpret-as="digits" />;

// <Say> mixes text and SSML.
<Say>Hello <break time="500ms" /> <emphasis level="strong">{name}</emphasis>, press {num}.</Say>;

// Elements only: text is an error.
<Gather input="dtmf"><Say>Press 1</Say><Pause /></Gather>;
<Connect><Stream url="wss://example.com/audio" /></Connect>;
<Start><Stream url="wss://example.com/audio"><Parameter name="a" value="b" /></Stream></Start>;
// @ts-expect-error <Gather> holds verbs, not text
<Gather>Press 1</Gather>;
// @ts-expect-error numbers are text too
<Gather>{num}</Gather>;
// @ts-expect-error <Connect> holds nouns, not text
<Connect>wss://example.com/audio</Connect>;
// @ts-expect-error <Start> holds nouns, not text
<Start>wss://example.com/audio</Start>;
// @ts-expect-error text next to an element is still text
<Gather><Say>Press 1</Say> or hold</Gather>;

// Text or elements, never both.
<Dial>+15551234567</Dial>;
<Dial>{num}</Dial>;
<Dial><Number>+15551234567</Number><Client>alice</Client></Dial>;
<Message>Hello {name}</Message>;
<Message><Body>Hello</Body><Media>{url}</Media></Message>;
<Client>alice</Client>;
<Client><Identity>alice</Identity><Parameter name="a" value="b" /></Client>;
<Dial>{cond ? "+15551234567" : <Client>alice</Client>}</Dial>;
// @ts-expect-error text and elements together
<Dial>123<Number>1</Number></Dial>;
// @ts-expect-error text and elements together
<Message>Hi <Body>there</Body></Message>;
// @ts-expect-error text and elements together
<Client>alice<Identity>alice</Identity></Client>;

// <Play>: digits or a URL, not both.
<Play digits="1w2" />;
<Play>https://example.com/hello.mp3</Play>;
<Play loop={2}>{url}</Play>;
// @ts-expect-error digits and a URL together
<Play digits="1">https://example.com/hello.mp3</Play>;

// Conditionals, arrays, lists, fragments and empty values where elements go.
<VoiceResponse>{cond && <Say>Welcome back</Say>}</VoiceResponse>;
<VoiceResponse>{cond ? <Say>Hello</Say> : <Play>{url}</Play>}</VoiceResponse>;
<VoiceResponse>{cond ? <Say>Hello</Say> : null}</VoiceResponse>;
<VoiceResponse>{[<Say key="a">Hello</Say>, <Pause key="b" />]}</VoiceResponse>;
<Gather>{options.map((option, i) => <Say key={option}>Press {i + 1} for {option}</Say>)}</Gather>;
<VoiceResponse><><Say>Hello</Say><Pause /></></VoiceResponse>;
<VoiceResponse>{null}{undefined}{true}{false}</VoiceResponse>;
<VoiceResponse>{cond && [<Say key="a">One</Say>, [<Say key="b">Two</Say>]]}</VoiceResponse>;
<Say>Hello{cond && ", friend"}</Say>;
<Number>{undefined}+15551234567{null}</Number>;
<MessagingResponse><Message>{cond ? "Yes" : "No"}</Message></MessagingResponse>;

// User components: any props, used like library ones, anywhere an element goes.
function Menu(props: { options: readonly string[] }): TwiMLElement {
  return (
    <Gather input="dtmf" numDigits={1}>
      {props.options.map((option, i) => <Say key={option}>Press {i + 1} for {option}</Say>)}
    </Gather>
  );
}
function Polite(props: { children: TwiMLNode }): TwiMLElement {
  return <Say>Please {props.children}</Say>;
}
function Maybe(props: { on: boolean }): TwiMLElement | null {
  return props.on ? <Pause /> : null;
}
const Goodbye = (): TwiMLElement => <Say>Goodbye</Say>;
<VoiceResponse><Menu options={["sales", "support"]} /><Polite>hold the line</Polite><Maybe on={false} /><Goodbye /></VoiceResponse>;
// @ts-expect-error a component's required props are required
<Menu />;
// @ts-expect-error a component's props are checked
<Menu options="sales" />;
// @ts-expect-error a component's element is not text, so it cannot go in <Number>
<Number><Goodbye /></Number>;
async function Later(): Promise<TwiMLElement> {
  return <Pause />;
}
// @ts-expect-error rendering is synchronous: a component cannot return a promise
<VoiceResponse><Later /></VoiceResponse>;
