import { jsx } from "../../jsx-runtime/index.js";
import * as library from "../index.js";
import { TwiMLError, UnlistedElement, type TwiMLElement } from "../index.js";
import { unknownElement } from "../vocabulary/index.js";
import { readDocument, rootComponent, type ReadDocument, type ReadElement } from "./tree.js";

const components = library as unknown as Record<string, unknown>;

/** The problem of a document whose root is not `<Response>`, which nothing renders. */
export function wrongRoot(tag: string): TwiMLError {
  return new TwiMLError(unknownElement(tag, "cannot be the root: a TwiML document is one <Response> element"));
}

/** The element type JSX would name for a read element: a component, an SSML tag, or the escape hatch. */
export function elementType(element: ReadElement, document: ReadDocument): unknown {
  if (element.parent === null) return components[rootComponent(document.context)];
  if (element.tag === "Response") return library.Response;
  if (element.def === null) return UnlistedElement;
  return element.def.kind === "ssml" ? element.tag : components[element.tag];
}

/** The props JSX would pass, children aside: typed attributes, then the unlisted ones. */
export function elementProps(element: ReadElement): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  const unlisted = Object.fromEntries(element.unlisted);
  if (element.def === null && element.tag !== "Response") {
    props.tag = element.tag;
    if (element.unlisted.length > 0) props.attributes = unlisted;
    return props;
  }
  for (const [name, value] of element.props) props[name] = value;
  if (element.unlisted.length > 0) props.unlistedAttributes = unlisted;
  return props;
}

/**
 * Reads a TwiML document into the element tree JSX builds, so that `render(parse(xml))` writes it again.
 * Strict XML 1.0: a document that is not well-formed throws an `XmlParseError` with its line and column; a
 * DOCTYPE is refused, and no entity but XML's five and character references is expanded. Tags and attributes
 * the vocabulary does not know become `UnlistedElement` and `unlistedAttributes` (written after the known
 * attributes); whitespace that only lays out element-only content is dropped, all other text is kept exactly.
 * A root other than `<Response>` throws a `TwiMLError` (TWIML016).
 *
 * @example
 * render(parse('<Response><Say voice="alice">Hi</Say></Response>'))
 * //=> '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">Hi</Say></Response>'
 */
export function parse(xml: string): TwiMLElement {
  const document = readDocument(xml);
  if (document.root.tag !== "Response") throw wrongRoot(document.root.tag);
  // Children before parents, without recursion: documents may nest deeper than the call stack allows.
  const order: ReadElement[] = [document.root];
  for (let i = 0; i < order.length; i++) {
    for (const child of order[i]!.children) if (typeof child !== "string") order.push(child);
  }
  const built = new Map<ReadElement, TwiMLElement>();
  for (let i = order.length - 1; i >= 0; i--) {
    const element = order[i]!;
    const props = elementProps(element);
    const children = element.children.map((c) => (typeof c === "string" ? c : built.get(c)!));
    for (const c of element.children) if (typeof c !== "string") built.delete(c);
    if (children.length === 1) props.children = children[0];
    else if (children.length > 1) props.children = children;
    built.set(element, jsx(elementType(element, document), props));
  }
  return built.get(document.root)!;
}
