import { illegalCharacter } from "../vocabulary/rules.js";
import { TwiMLError } from "./errors.js";

// Which characters need work: bit 1 in text, bit 2 in attribute values. Control characters other than tab/LF/CR,
// lone surrogates, U+FFFE and U+FFFF are forbidden by XML 1.0 and are removed (or rejected in strict mode);
// surrogates are flagged too, and the slow path keeps the well-formed pairs.
const TEXT = 1;
const ATTRIBUTE = 2;
/**
 * One entry per UTF-16 code unit (64 KiB), so the scan is a load and a test per character with no range checks:
 * measured a few percent faster per render than testing ranges, and about twice as fast as a character-class
 * regex test on the short strings that dominate TwiML.
 */
const SPECIAL = new Uint8Array(0x10000);
SPECIAL.fill(TEXT | ATTRIBUTE, 0, 0x20);
SPECIAL[9] = ATTRIBUTE;
SPECIAL[10] = ATTRIBUTE;
SPECIAL[38] = TEXT | ATTRIBUTE; // &
SPECIAL[60] = TEXT | ATTRIBUTE; // <
SPECIAL[62] = TEXT; // >
SPECIAL[34] = ATTRIBUTE; // "
SPECIAL.fill(TEXT | ATTRIBUTE, 0xd800, 0xe000);
SPECIAL[0xfffe] = TEXT | ATTRIBUTE;
SPECIAL[0xffff] = TEXT | ATTRIBUTE;

/** Index of the first character that must be escaped or removed, or -1. */
function firstSpecial(s: string, mask: number): number {
  const n = s.length;
  for (let i = 0; i < n; i++) if ((SPECIAL[s.charCodeAt(i)]! & mask) !== 0) return i;
  return -1;
}

/**
 * Escapes from `from` on, with the same entities as Twilio's own builder writes, so that output is
 * byte-identical to it: `>` is escaped in text but not in attributes, and whitespace in attributes is kept as
 * character references (an XML parser would otherwise normalise it to spaces). `attribute` is empty for text.
 * `strict` says whether characters XML forbids throw or are dropped; `tag` and `attribute` say where the value
 * sits, for the error message. Passed as plain arguments so the hot path allocates nothing.
 */
function slowEscape(s: string, from: number, strict: boolean, tag: string, attribute: string): string {
  const text = attribute === "";
  let out = "";
  let last = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let replacement: string;
    if (c === 38) replacement = "&amp;";
    else if (c === 60) replacement = "&lt;";
    else if (c === 62) {
      if (!text) continue;
      replacement = "&gt;";
    } else if (c === 34) {
      if (text) continue;
      replacement = "&quot;";
    } else if (c === 13) replacement = "&#xD;";
    else if (c === 9 || c === 10) {
      if (text) continue;
      replacement = c === 9 ? "&#x9;" : "&#xA;";
    } else if (c < 0x20) replacement = forbidden(c, strict, tag, attribute);
    else if (c < 0xd800) continue;
    else if (c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < s.length) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++;
          continue;
        }
      }
      replacement = forbidden(c, strict, tag, attribute);
    } else if (c >= 0xfffe) replacement = forbidden(c, strict, tag, attribute);
    else continue;
    out += s.slice(last, i) + replacement;
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

function forbidden(c: number, strict: boolean, tag: string, attribute: string): string {
  if (strict) {
    throw new TwiMLError(illegalCharacter(attribute === "" ? `Text in <${tag}>` : `<${tag} ${attribute}>`, c));
  }
  return "";
}

/**
 * Escapes character data of `<tag>` the way Twilio's builder does. Characters XML forbids are removed, or with
 * `strict`, refused with a `TWIML014` error.
 */
export function escapeText(s: string, strict: boolean, tag: string): string {
  const i = firstSpecial(s, TEXT);
  return i === -1 ? s : slowEscape(s, i, strict, tag, "");
}

/**
 * Escapes a double-quoted value of `<tag attribute>` the way Twilio's builder does. Characters XML forbids are
 * removed, or with `strict`, refused with a `TWIML014` error.
 */
export function escapeAttribute(s: string, strict: boolean, tag: string, attribute: string): string {
  const i = firstSpecial(s, ATTRIBUTE);
  return i === -1 ? s : slowEscape(s, i, strict, tag, attribute);
}
