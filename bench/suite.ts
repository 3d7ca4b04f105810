// The documents and contenders the benchmark runs: each contender turns the same input into the same string.
import { render } from "twiml-jsx";
import * as builder from "./builder.js";
import * as jsx from "./documents.js";
import { IVR_INPUTS, SMS_INPUTS, sayInputs } from "./inputs.js";
import * as template from "./template.js";

export const CONTENDERS = ["twiml-jsx", "twilio", "template"] as const;
export type Contender = (typeof CONTENDERS)[number];

export interface Case {
  readonly name: string;
  /** Input variants; a timing loop cycles through them. Its length is a power of two. */
  readonly inputs: readonly unknown[];
  /** One render per call: building the document from the input and writing its XML. */
  readonly run: Readonly<Record<Contender, (input: never) => string>>;
}

function define<I>(name: string, inputs: readonly I[], run: Record<Contender, (input: I) => string>): Case {
  return { name, inputs, run };
}

export const CASES: readonly Case[] = [
  define("IVR", IVR_INPUTS, { "twiml-jsx": (d) => render(jsx.ivr(d)), twilio: builder.ivr, template: template.ivr }),
  define("SMS reply", SMS_INPUTS, { "twiml-jsx": (d) => render(jsx.sms(d)), twilio: builder.sms, template: template.sms }),
  define("1,000 Say", sayInputs(1_000), {
    "twiml-jsx": (texts) => render(jsx.says(texts)),
    twilio: builder.says,
    template: template.says,
  }),
  define("10,000 Say", sayInputs(10_000), {
    "twiml-jsx": (texts) => render(jsx.says(texts)),
    twilio: builder.says,
    template: template.says,
  }),
];
