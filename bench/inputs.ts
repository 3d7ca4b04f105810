// The dynamic values every contender receives as arguments, so that no contender can fold its document into
// a constant. Each pool holds 8 variants (a power of two, so a timing loop picks one with `i & 7`); some
// values need escaping in text or in attributes, as real caller names, company names and URLs do.

export interface MenuOption {
  readonly digit: number;
  readonly label: string;
}

/** What a request handler looks up before answering an incoming call with its menu. */
export interface IvrInput {
  readonly callerName: string;
  readonly company: string;
  readonly account: string;
  readonly action: string;
  readonly hints: readonly string[];
  readonly options: readonly MenuOption[];
  readonly holdMusic: string;
  readonly redirect: string;
}

/** What a request handler looks up before answering an incoming message. */
export interface SmsInput {
  readonly action: string;
  readonly body: string;
  readonly media: readonly [string, string];
}

export const POOL_SIZE = 8;

const CALLERS = [
  "O'Brien & Sons <VIP>",
  "Zoë Ångström",
  'Dana "DJ" Jones',
  "Li Wei",
  "García & García",
  "Mary-Jane Watson",
  "<Unknown caller>",
  "Søren Kierkegaard",
];

const COMPANIES = [
  "Barnes & Noble Plumbing",
  "Acme Anvils",
  "A&B <Holdings>",
  "Smith & Wesson Locks",
  "Initech",
  "Black & Decker Repairs",
  "Globex",
  "Ben & Jerry's Catering",
];

const LABELS = [
  "sales",
  "billing & payments",
  "technical support",
  "orders over <$500>",
  "our company directory",
  "returns & exchanges",
  "an operator",
  "opening hours",
];

/**
 * The variants, passed through JSON as if they had arrived in a request body. Parsed strings are flat; strings
 * built by concatenation stay trees in V8 until first read, and reading those is slower, which would skew
 * the contenders that scan their input character by character.
 */
const variants = <T>(make: (i: number) => T): readonly T[] =>
  JSON.parse(JSON.stringify(Array.from({ length: POOL_SIZE }, (_, i) => make(i)))) as T[];

export const IVR_INPUTS: readonly IvrInput[] = variants((i) => ({
  callerName: CALLERS[i]!,
  company: COMPANIES[i]!,
  account: String(40_000_000 + i * 7_919),
  action: `https://ivr.example.com/menu?account=${40_000_000 + i * 7_919}&lang=en-US&attempt=${i}`,
  hints: ["sales", "support", "billing", COMPANIES[i]!],
  options: Array.from({ length: 6 }, (_, k) => ({ digit: k + 1, label: LABELS[(i + k) % LABELS.length]! })),
  holdMusic: `https://cdn.example.com/hold/track-${i}.mp3?loop=1&volume=0.8`,
  redirect: `https://ivr.example.com/welcome?retry=1&caller=${i}`,
}));

export const SMS_INPUTS: readonly SmsInput[] = variants((i) => ({
  action: `https://sms.example.com/status?order=${9_000 + i}&channel=sms`,
  body: `Hi ${CALLERS[i]}, your order #${9_000 + i} from ${COMPANIES[i]} has shipped & should arrive <tomorrow>.`,
  media: [
    `https://cdn.example.com/orders/${9_000 + i}/label.png?size=large&dpi=300`,
    `https://cdn.example.com/orders/${9_000 + i}/receipt.pdf?sig=${(i * 2_654_435_761) % 4_294_967_296}`,
  ],
}));

const PHRASES = [
  "Thank you for your patience.",
  "Your call is important to us & will be answered shortly.",
  "Press 1 if you are calling about an order < 30 days old.",
  "Our offices are open from 9 to 5.",
  "Did you know you can manage your account online?",
  "Tom & Jerry's account has been updated.",
  "Your balance is > $100.",
  "Please stay on the line.",
  "We value your feedback.",
  "Transfers to <another> department may take a minute.",
];

/** `count` texts for a list of `<Say>` elements; about a third need escaping. */
export function sayInputs(count: number): readonly (readonly string[])[] {
  return variants((v) => Array.from({ length: count }, (_, k) => `${PHRASES[(k * 7 + v) % PHRASES.length]} (${v}.${k})`));
}
