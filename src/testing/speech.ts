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

function words(element: XmlElement): string {
  let out = "";
  for (const child of element.children) {
    if (typeof child === "string") out += child;
    else if (child.name === "sub" && child.attributes.alias !== undefined) out += child.attributes.alias;
    else if (BOUNDARIES.has(child.name)) out += ` ${words(child)} `;
    else out += words(child);
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
