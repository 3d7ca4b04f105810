// The text of TwiML elements: what a caller hears from a `<Say>` (its SSML reduced to the words spoken), and the
// plain text of other verbs and nouns.
import type { XmlElement } from "../xml/parse.js";

// A pause, a paragraph or a sentence separates words even when the markup leaves no space around it.
const BOUNDARIES: ReadonlySet<string> = new Set(["break", "p", "s"]);

/**
 * The words of a `<Say>` as the caller hears them: the text of every descendant in order, `<sub>` read as its
 * `alias`, `<break>` a silence between words, whitespace collapsed.
 * @example
 * spokenText(parseXml('<Say>Call <sub alias="World Wide Web">WWW</sub><break time="1s"/>now</Say>'))
 * //=> "Call World Wide Web now"
 */
export function spokenText(say: XmlElement): string {
  return words(say).replace(/\s+/g, " ").trim();
}

// Iterative, not recursive: a document may nest thousands of SSML elements within the 64 kB Twilio accepts.
function words(say: XmlElement): string {
  let out = "";
  const pending: (XmlElement | string)[] = [...say.children].reverse();
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (typeof node === "string") out += node;
    else if (node.name === "sub" && node.attributes.alias !== undefined) out += node.attributes.alias;
    else if (BOUNDARIES.has(node.name)) pending.push(" ", ...[...node.children].reverse(), " ");
    else pending.push(...[...node.children].reverse());
  }
  return out;
}

/** The text directly inside an element, trimmed: a `<Play>` URL, a `<Dial>` number, a queue name. */
export function textOf(element: XmlElement): string {
  return element.children
    .filter((child): child is string => typeof child === "string")
    .join("")
    .trim();
}
