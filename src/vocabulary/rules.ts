import type { TextLimit } from "./types.js";

/**
 * The numbered problems a TwiML document can have, with the messages the runtime validator, the static
 * checker and the Babel plugin all print. One table so that every tool says the same thing.
 */
export const CODES = {
  /** An element inside a parent that does not allow it. */
  notAllowed: "TWIML001",
  /** Voice and messaging verbs in one `<Response>`. */
  mixedContext: "TWIML002",
  /** An SSML tag outside `<Say>`. */
  ssmlOutsideSay: "TWIML003",
  /** An attribute the element does not have. */
  unknownAttribute: "TWIML004",
  /** An attribute value of the wrong type, outside its enum or not matching its pattern. */
  invalidValue: "TWIML005",
  /** A required attribute is missing. */
  missingAttribute: "TWIML006",
  /** Required text or content is missing. */
  missingContent: "TWIML007",
  /** Text inside an element that takes none. */
  textNotAllowed: "TWIML008",
  /** Text and child elements in an element that takes one or the other. */
  textAndChildren: "TWIML009",
  /** Two things that exclude each other (an attribute and the text). */
  exclusive: "TWIML010",
  /** A noun that must be alone in its parent has company. */
  notAlone: "TWIML011",
  /** Too many or too few children of a kind. */
  childCount: "TWIML012",
  /** A verb after one that ends the document (a warning). */
  unreachable: "TWIML013",
  /** A character XML 1.0 forbids, in strict mode. */
  illegalCharacter: "TWIML014",
  /** A child or value that cannot be rendered (an object, a function, NaN, Infinity). */
  notRenderable: "TWIML015",
  /** A root other than `<Response>`, or an element this library does not know. */
  unknownElement: "TWIML016",
  /** An escape-hatch tag or attribute name that is not a valid XML name, or clashes with a known one. */
  invalidName: "TWIML017",
  /** A child the static checker cannot identify (typed only as `JSX.Element`, or `any`); reported under `--strict`. */
  unknownChild: "TWIML018",
  /** Over a limit: text longer than Twilio takes, or a tree nested deeper than the renderer goes. */
  overLimit: "TWIML019",
} as const;

export type Code = (typeof CODES)[keyof typeof CODES];

export interface Problem {
  readonly code: Code;
  readonly message: string;
}

const tagList = (tags: readonly string[]): string => tags.join(", ");

export function notAllowed(child: string, parent: string, allowed: readonly string[]): Problem {
  const fix = allowed.length === 0 ? `<${parent}> takes no child elements` : `allowed: ${tagList(allowed)}`;
  return { code: CODES.notAllowed, message: `<${child}> is not allowed inside <${parent}> (${fix})` };
}

export function mixedContext(child: string, childContext: string, documentContext: string): Problem {
  return {
    code: CODES.mixedContext,
    message:
      `<${child}> is a ${childContext} verb and cannot be in a ${documentContext} <Response> ` +
      `(voice and messaging verbs never mix: answer each webhook with one kind of document)`,
  };
}

export function ssmlOutsideSay(tag: string, parent: string): Problem {
  return {
    code: CODES.ssmlOutsideSay,
    message: `<${tag}> is SSML and only works inside <Say>, not inside <${parent}> (wrap it in <Say>)`,
  };
}

export function unknownAttribute(tag: string, name: string, known: readonly string[]): Problem {
  const near = closest(name, known);
  const fix = near !== undefined ? `did you mean "${near}"?` : known.length === 0 ? "it takes none." : `it has ${known.join(", ")}.`;
  return {
    code: CODES.unknownAttribute,
    message: `<${tag}> has no attribute "${name}": ${fix} (for attributes newer than this library, use unlistedAttributes)`,
  };
}

export function invalidValue(tag: string, name: string, shown: string, expected: string): Problem {
  return { code: CODES.invalidValue, message: `<${tag} ${name}={${shown}}> is not valid: expected ${expected}` };
}

export function missingAttribute(tag: string, name: string): Problem {
  return { code: CODES.missingAttribute, message: `<${tag}> needs the "${name}" attribute` };
}

export function missingContent(tag: string, what: string): Problem {
  return { code: CODES.missingContent, message: `<${tag}> needs ${what}` };
}

export function textNotAllowed(tag: string, text: string, allowed: readonly string[]): Problem {
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  const fix = allowed.includes("Say") ? "wrap it in <Say>" : "remove it";
  return { code: CODES.textNotAllowed, message: `<${tag}> cannot hold text (${JSON.stringify(shown)}); ${fix}` };
}

export function textAndChildren(tag: string, allowed: readonly string[]): Problem {
  return {
    code: CODES.textAndChildren,
    message: `<${tag}> takes text or child elements (${tagList(allowed)}), not both`,
  };
}

export function exclusive(tag: string, a: string, b: string): Problem {
  const name = (x: string): string => (x === "#text" ? "text" : `"${x}"`);
  return { code: CODES.exclusive, message: `<${tag}> takes ${name(a)} or ${name(b)}, not both` };
}

export function notAlone(child: string, parent: string): Problem {
  return { code: CODES.notAlone, message: `<${child}> must be the only element in its <${parent}>` };
}

export function childCount(parent: string, child: string, count: number, min?: number, max?: number): Problem {
  const limit = max !== undefined && count > max ? max : (min ?? 0);
  const what = child === "*" ? (limit === 1 ? "child element" : "child elements") : `<${child}>`;
  const bound = max !== undefined && count > max ? `at most ${max}` : `at least ${min ?? 0}`;
  return { code: CODES.childCount, message: `<${parent}> holds ${bound} ${what}, found ${count}` };
}

export function unreachable(tag: string, after: string): Problem {
  return { code: CODES.unreachable, message: `<${tag}> never runs: it comes after <${after}>, which ends the document` };
}

export function illegalCharacter(where: string, codePoint: number): Problem {
  const hex = codePoint.toString(16).toUpperCase().padStart(4, "0");
  return {
    code: CODES.illegalCharacter,
    message: `${where} contains U+${hex}, which XML 1.0 forbids (remove it, or render without strict to drop it)`,
  };
}

export function notRenderable(what: string, where: string): Problem {
  return { code: CODES.notRenderable, message: `${what} cannot be rendered as ${where}` };
}

export function unknownElement(tag: string, why: string): Problem {
  return { code: CODES.unknownElement, message: `<${tag}> ${why}` };
}

/** A tag the vocabulary does not know; `near`, a known tag it may be a typo of. */
export function notTwimlElement(tag: string, near?: string): Problem {
  const escape = "use UnlistedElement for tags newer than this library";
  return near === undefined
    ? unknownElement(tag, `is not a TwiML element (${escape})`)
    : unknownElement(tag, `is not a TwiML element: did you mean <${near}>? (tags are case-sensitive; ${escape})`);
}

export function invalidName(kind: "tag" | "attribute", name: string, why: string): Problem {
  return { code: CODES.invalidName, message: `${JSON.stringify(name)} is not a valid ${kind} name: ${why}` };
}

export function unknownChild(shown: string, parent: string): Problem {
  return {
    code: CODES.unknownChild,
    message:
      `cannot tell which element ${shown} is inside <${parent}>: its type is only JSX.Element ` +
      `(declare it as TwiMLElement<"Tag"> so it can be checked)`,
  };
}

/** `1600` → `1,600`, as Twilio's pages write numbers (without relying on the runtime's locale data). */
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

export function textTooLong(tag: string, limit: TextLimit, length: number): Problem {
  return {
    code: CODES.overLimit,
    message:
      `<${tag}> holds ${limit.what} of ${grouped(length)} characters; Twilio takes at most ` +
      `${grouped(limit.max)} (Twilio ${limit.twilioCode}): shorten it`,
  };
}

export function tooDeep(depth: number): Problem {
  return {
    code: CODES.overLimit,
    message:
      `the document nests deeper than ${grouped(depth)} levels of elements and components ` +
      `(a component that renders itself without end?)`,
  };
}

/** The closest known name by edit distance, when it is close enough to be a typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Damerau–Levenshtein distance (adjacent swaps count once: `vioce` → `voice` is 1). */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Why an element cannot be what a document renders: only a `<Response>` can. */
export function rootProblem(tag: string): Problem | undefined {
  return tag === "Response"
    ? undefined
    : unknownElement(tag, "cannot be the root: render a <VoiceResponse>, <MessagingResponse> or <Response>");
}
