// Optional props under `exactOptionalPropertyTypes` (on in this project's type tests, as `tsc --init` writes it
// in TypeScript 6 and 7): a prop that may be left out also takes `undefined`, so values that may be missing pass
// straight through.
import * as library from "twiml-jsx";
import { Dial, Gather, MessagingResponse, Message, Play, render, Say, VoiceResponse, type ElementComponent } from "twiml-jsx";
import type { JSX } from "twiml-jsx/jsx-runtime";

declare const maybeVoice: string | undefined;
declare const maybeLoop: number | undefined;
declare const maybeMethod: "GET" | "POST" | undefined;
declare const maybeTimeout: number | undefined;
declare const maybeUrl: string | undefined;

<Say voice={maybeVoice} loop={maybeLoop}>Hello</Say>;
<Gather action={maybeUrl} method={maybeMethod} timeout={maybeTimeout} />;
<Dial callerId={maybeVoice} timeout={maybeTimeout}>+15551234567</Dial>;
<Play loop={maybeLoop}>https://example.com/a.mp3</Play>;
<Message to={maybeVoice} action={maybeUrl}>Hi</Message>;
<VoiceResponse unlistedAttributes={undefined} />;
<MessagingResponse children={undefined} />;
render(<VoiceResponse />, { declaration: undefined, indent: undefined, strict: undefined });
// @ts-expect-error a required attribute still needs a value
<library.Parameter name="a" value={maybeVoice} />;

/** The optional keys of `P` that refuse `undefined`; `never` when every optional key takes it. */
type RefusingUndefined<P> = {
  // biome-ignore lint/complexity/noBannedTypes: `{} extends Pick<P, K>` is the test for an optional key.
  [K in keyof P]-?: {} extends Pick<P, K> ? ({ [Q in K]: undefined } extends Pick<P, K> ? never : K) : never;
}[keyof P];

type PropsOf<C> = C extends ElementComponent<string, infer P, infer _> ? P : never;

/** Every component's optional props, by component name, that refuse `undefined`. */
type ComponentOffenders = {
  [N in keyof typeof library]: RefusingUndefined<PropsOf<(typeof library)[N]>> extends never
    ? never
    : `${N}.${RefusingUndefined<PropsOf<(typeof library)[N]>> & string}`;
}[keyof typeof library];

/** The same for SSML tags, written as intrinsic elements. */
type SsmlOffenders = {
  [T in keyof JSX.IntrinsicElements]: RefusingUndefined<JSX.IntrinsicElements[T]> extends never
    ? never
    : `${T}.${RefusingUndefined<JSX.IntrinsicElements[T]> & string}`;
}[keyof JSX.IntrinsicElements];

export const noComponentOffenders: [ComponentOffenders] extends [never] ? true : ComponentOffenders = true;
export const noSsmlOffenders: [SsmlOffenders] extends [never] ? true : SsmlOffenders = true;
