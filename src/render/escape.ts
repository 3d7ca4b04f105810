import { illegalCharacter } from "../vocabulary/rules.js";
import { TwiMLError } from "./errors.js";

// One test per string keeps the common case (nothing to escape) to a single regex scan; the pattern lists
// what must be escaped plus what XML 1.0 forbids: C0 controls other than tab/LF/CR, U+FFFE/U+FFFF and
// surrogates (the slow path keeps the well-formed pairs).
const TEXT_SPECIAL = /[&<>\r\0-\x08\v\f\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTRIBUTE_SPECIAL = /[&<"\t\n\r\0-\x08\v\f\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

// The same entities as Twilio's own builder writes, so that output is byte-identical to it:
// `>` is escaped in text but not in attributes, and whitespace in attributes is kept as character references
// (an XML parser would otherwise normalise it to spaces).
const TEXT_ENTITIES: Record<number, string> = { 38: "&amp;", 60: "&lt;", 62: "&gt;", 13: "&#xD;" };
const ATTRIBUTE_ENTITIES: Record<number, string> = {
  38: "&amp;",
  60: "&lt;",
  34: "&quot;",
  9: "&#x9;",
  10: "&#xA;",
  13: "&#xD;",
};

/**
 * Whether characters XML forbids throw (strict) or are dropped, and where the value being escaped sits
 * (for the error message). Set by `render`; plain assignments keep the hot path free of allocations.
 */
export const escapeOptions = { strict: false, tag: "", attribute: "" };

function slowEscape(s: string, entities: Record<number, string>): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let replacement: string | undefined;
    if (c < 0x20) {
      replacement = entities[c];
      if (replacement === undefined) {
        if (c === 9 || c === 10 || c === 13) continue;
        replacement = forbidden(c);
      }
    } else if (c === 38 || c === 60 || c === 62 || c === 34) {
      replacement = entities[c];
      if (replacement === undefined) continue;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < s.length) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++;
          continue;
        }
      }
      replacement = forbidden(c);
    } else if (c === 0xfffe || c === 0xffff) {
      replacement = forbidden(c);
    } else {
      continue;
    }
    out += s.slice(last, i) + replacement;
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

function forbidden(c: number): string {
  if (escapeOptions.strict) {
    const { tag, attribute } = escapeOptions;
    throw new TwiMLError(illegalCharacter(attribute === "" ? `Text in <${tag}>` : `<${tag} ${attribute}>`, c));
  }
  return "";
}

/** Escapes character data the way Twilio's builder does, and removes characters XML forbids. */
export function escapeText(s: string): string {
  return TEXT_SPECIAL.test(s) ? slowEscape(s, TEXT_ENTITIES) : s;
}

/** Escapes a double-quoted attribute value the way Twilio's builder does, and removes characters XML forbids. */
export function escapeAttribute(s: string): string {
  return ATTRIBUTE_SPECIAL.test(s) ? slowEscape(s, ATTRIBUTE_ENTITIES) : s;
}
