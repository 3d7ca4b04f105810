// Element types: what components return, SSML intrinsic elements, imports and the JSX namespace.
import {
  Dial,
  type ElementComponent,
  type FaxResponse,
  type MessagingResponse,
  Number as Num,
  Response as TwimlResponse,
  render,
  Say,
  type SayProps,
  type TwiMLElement,
  type UnlistedElement,
  VoiceResponse,
} from "twiml-jsx";
import type * as runtime from "twiml-jsx/jsx-runtime";
import type * as devRuntime from "twiml-jsx/jsx-dev-runtime";

/** `true` only when A and B are the same type (not merely assignable to each other). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
declare function expectType<T extends true>(): void;

// A component's return type names its tag.
const say: TwiMLElement<"Say"> = Say({ children: "x" });
// @ts-expect-error a <Say> is not a <Dial>
const dial: TwiMLElement<"Dial"> = Say({ children: "x" });
const anyElement: TwiMLElement = dial;
expectType<Equal<ReturnType<typeof Say>, TwiMLElement<"Say">>>();
expectType<Equal<ReturnType<typeof Dial>, TwiMLElement<"Dial">>>();
// @ts-expect-error the tag is part of the type
expectType<Equal<ReturnType<typeof Say>, TwiMLElement<"Dial">>>();
expectType<Equal<typeof Say, ElementComponent<"Say", SayProps>>>();
expectType<Equal<typeof Say.twimlTag, "Say">>();
expectType<Equal<ReturnType<typeof UnlistedElement>, TwiMLElement<string>>>();

// Document roots carry the document kind.
expectType<Equal<ReturnType<typeof VoiceResponse>, TwiMLElement<"Response", "voice">>>();
expectType<Equal<ReturnType<typeof MessagingResponse>, TwiMLElement<"Response", "messaging">>>();
expectType<Equal<ReturnType<typeof FaxResponse>, TwiMLElement<"Response", "fax">>>();
expectType<Equal<ReturnType<typeof TwimlResponse>, TwiMLElement<"Response">>>();
const voice: TwiMLElement<"Response", "voice"> = VoiceResponse({});
// @ts-expect-error a voice document is not a messaging document
const messaging: TwiMLElement<"Response", "messaging"> = VoiceResponse({});
// @ts-expect-error a Response is not a Say
const notSay: TwiMLElement<"Say"> = VoiceResponse({});

// render() takes an element and returns the XML string.
expectType<Equal<ReturnType<typeof render>, string>>();
const xml: string = render(<VoiceResponse><Say>Hello</Say></VoiceResponse>, { declaration: false, indent: 2, strict: true });
render(voice, { indent: "\t" });
// @ts-expect-error indent is a number of spaces or a string
render(voice, { indent: true });
// @ts-expect-error render takes an element, not text
render("<Response/>");

// Every JSX expression is a JSX.Element, which is a TwiMLElement.
const fromJsx: TwiMLElement = <Say>Hello</Say>;
expectType<Equal<runtime.JSX.Element, TwiMLElement>>();
expectType<Equal<devRuntime.JSX.Element, TwiMLElement>>();
expectType<Equal<runtime.JSX.IntrinsicElements["say-as"]["interpret-as"], devRuntime.JSX.IntrinsicElements["say-as"]["interpret-as"]>>();
// The JSX namespace is scoped to the runtime module, never global (it coexists with React's).
// @ts-expect-error no global JSX namespace
type GlobalElement = JSX.Element;

// SSML intrinsic elements and their attributes.
<Say>
  <say-as interpret-as="digits">123</say-as>
  <say-as interpret-as="date" format="dmy">01-02-2025</say-as>
  <lang xml:lang="fr-FR">Bonjour</lang>
  <lang xml:lang="xx-YY">open language list</lang>
  <amazon:effect name="whispered">a secret</amazon:effect>
  <amazon:effect phonation="soft" vocal-tract-length="+10%">softly</amazon:effect>
  <amazon:domain name="news">headline</amazon:domain>
  <prosody rate="slow" pitch="low" volume="loud">slowly</prosody>
  <prosody rate="120%">fast</prosody>
  <break strength="strong" />
  <emphasis level="moderate">this</emphasis>
  <phoneme alphabet="ipa" ph="pɪˈkɑːn">pecan</phoneme>
  <sub alias="World Wide Web Consortium">W3C</sub>
  <w role="amazon:VB">read</w>
  <p><s>One sentence.</s></p>
</Say>;
// @ts-expect-error "bogus" is not a say-as interpretation
<say-as interpret-as="bogus">1</say-as>;
// @ts-expect-error say-as needs interpret-as
<say-as>1</say-as>;
// @ts-expect-error "yyyy" is not a say-as date format
<say-as interpret-as="date" format="yyyy">2025</say-as>;
// @ts-expect-error lang needs xml:lang
<lang>Bonjour</lang>;
// @ts-expect-error "shouted" is not an Amazon effect
<amazon:effect name="shouted">hey</amazon:effect>;
// @ts-expect-error amazon:domain needs a name
<amazon:domain>headline</amazon:domain>;
// @ts-expect-error "sports" is not an Amazon speaking domain
<amazon:domain name="sports">headline</amazon:domain>;
// @ts-expect-error prosody values are strings
<prosody rate={1.2}>fast</prosody>;
// @ts-expect-error "loud" is not a break strength
<break strength="loud" />;
// @ts-expect-error "very" is not an emphasis level
<emphasis level="very">this</emphasis>;
// @ts-expect-error phoneme needs ph
<phoneme alphabet="ipa">pecan</phoneme>;
// @ts-expect-error sub needs alias
<sub>W3C</sub>;
// @ts-expect-error unknown attribute on an SSML tag
<prosody speed="slow">x</prosody>;

// Only SSML tags are intrinsic.
// @ts-expect-error <div> is not TwiML
<div>hello</div>;
// @ts-expect-error <speak> is written by Twilio, not by the document
<speak>hello</speak>;
// @ts-expect-error SSML tags are lower-case
<Break time="1s" />;

// Imports can be renamed; the types follow.
const aliased: TwiMLElement<"Number"> = Num({ children: "+15551234567" });
const document: TwiMLElement<"Response"> = TwimlResponse({ children: <Dial><Num>+15551234567</Num></Dial> });
<TwimlResponse>
  <Dial>
    <Num statusCallbackEvent="answered">+15551234567</Num>
  </Dial>
</TwimlResponse>;
// @ts-expect-error a renamed component keeps its props
<Num>{{ digits: 1 }}</Num>;
