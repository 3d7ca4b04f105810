// A TwiML document read from XML, with each element resolved against the vocabulary the way the renderer
// resolves it: the one tree that `parse` turns into elements, `toTSX` into source and `lint` checks.
import {
  acceptsText,
  anyFormOf,
  childOf,
  inferredChildOf,
  decidingContext,
  rootOf,
  type RuntimeAttributeDef,
  type Context,
  type RuntimeElementDef,
  valueRule,
} from "../vocabulary/index.js";
import { parseXml, type XmlComments, type XmlElement, type XmlPosition } from "../xml/parse.js";

export interface ReadElement {
  readonly xml: XmlElement;
  readonly tag: string;
  /**
   * The vocabulary form: the one the parent allows, else another form of the same tag (so that its attributes
   * are still typed and checked); null when the vocabulary does not know the tag (an `UnlistedElement`).
   */
  readonly def: RuntimeElementDef | null;
  /** Known attributes in document order, in their typed form (numbers, booleans, lists as arrays). */
  readonly props: readonly (readonly [string, unknown])[];
  /** Attributes the form does not have (all of them for an unknown tag), as written. */
  readonly unlisted: readonly (readonly [string, string])[];
  /** Text and elements, without the whitespace that only lays out element-only content. */
  readonly children: (ReadElement | string)[];
  readonly parent: ReadElement | null;
  /** Index among the parent's child elements, as error paths show it. */
  readonly index: number;
  /** Elements above it (0 for the root). */
  readonly depth: number;
  /** Its ancestor two levels below the root, or itself when higher: where a shortened path resumes. */
  readonly top: ReadElement;
}

export interface ReadDocument {
  readonly text: string;
  readonly root: ReadElement;
  /** The document kind its first verb of a single kind decides; null when none does (only `<Redirect>`, or empty). */
  readonly context: Context | null;
  /** Where each element and attribute starts, when asked for. */
  readonly positions: WeakMap<XmlElement, XmlPosition>;
  /** The comments, when asked for. */
  readonly comments: XmlComments;
}

const WHITESPACE = /^[ \t\r\n]*$/;
const INTEGER = /^-?[0-9]+$/;

/** The form of a child: where the parent allows it, the form for that place; else any form of its tag. */
function formIn(parent: RuntimeElementDef | null, inferring: boolean, tag: string): RuntimeElementDef | null {
  if (tag === "Response") return null;
  const form = inferring ? inferredChildOf(tag) : parent === null ? undefined : childOf(parent, tag);
  return form ?? anyFormOf(tag) ?? null;
}

/** A canonical decimal integer, which reads back as the same text once rendered. */
function integer(value: string): number | undefined {
  if (!INTEGER.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && String(n) === value ? n : undefined;
}

/**
 * An attribute value in the typed form a TSX author would write, chosen so that it renders back as the same
 * text: anything that would not (`"007"`, `"a  b"`, a value outside an enum) stays the string it was, and the
 * renderer or `lint` reports what is wrong with it.
 */
export function typedValue(a: RuntimeAttributeDef, value: string): unknown {
  switch (a.type) {
    case "integer":
      return integer(value) ?? value;
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value;
    case "integer-list": {
      const items = value.split(" ").map(integer);
      if (items.some((n) => n === undefined)) return value;
      return items.length === 1 ? items[0] : items;
    }
    case "enum-list": {
      const items = value.split(" ");
      if (items.length === 1 || !acceptsText(valueRule(a), value)) return value;
      return items;
    }
    default: {
      if (a.separator === undefined || !value.includes(a.separator)) return value;
      const items = value.split(a.separator);
      return items.every((v) => v !== "" && v.trim() === v) ? items : value;
    }
  }
}

/**
 * Whether whitespace-only text in an element only lays out its children: in elements that take no text, and
 * in those that take text or child elements when they hold elements. Twilio ignores it there, as the indented
 * examples of its documentation show; everywhere else (`<Say>`, SSML, `<Play>`…) text is kept exactly.
 */
function layoutOnly(def: RuntimeElementDef | null, root: boolean, xml: XmlElement): boolean {
  if (root) return true;
  if (def === null) return false;
  if (def.text === "none") return true;
  return def.textOrChildren === true && xml.children.some((c) => typeof c !== "string");
}

/** The kind the first child of a single kind gives a `<Response>`, as the renderer infers it. */
function documentContext(root: XmlElement): Context | null {
  for (const child of root.children) {
    if (typeof child === "string") continue;
    const context = decidingContext(child.name);
    if (context !== null) return context;
  }
  return null;
}

/**
 * Reads `text` as XML (throws `XmlParseError`) and resolves each element, without recursion. Positions cost
 * a map per element, so they are recorded only for the tools that point at places (`lint`); comments only for
 * the one that keeps them (`toTSX`).
 */
export function readDocument(text: string, options?: { readonly positions?: boolean; readonly comments?: boolean }): ReadDocument {
  const positions = new WeakMap<XmlElement, XmlPosition>();
  const comments: XmlComments = { before: new WeakMap(), end: new WeakMap(), after: [] };
  const xmlRoot = parseXml(text, {
    ...(options?.positions === true ? { positions } : {}),
    ...(options?.comments === true ? { comments } : {}),
  });
  const context = xmlRoot.name === "Response" ? documentContext(xmlRoot) : null;
  const rootDef = xmlRoot.name === "Response" && context !== null ? rootOf(context) : null;
  const make = (xml: XmlElement, def: RuntimeElementDef | null, parent: ReadElement | null, index: number): ReadElement => {
    const props: [string, unknown][] = [];
    const unlisted: [string, string][] = [];
    for (const [name, value] of Object.entries(xml.attributes)) {
      const a = def?.attributes.find((x) => x.name === name);
      if (a === undefined) unlisted.push([name, value]);
      else props.push([name, typedValue(a, value)]);
    }
    const depth = parent === null ? 0 : parent.depth + 1;
    const element: { -readonly [K in keyof ReadElement]: ReadElement[K] } = {
      xml,
      tag: xml.name,
      def,
      props,
      unlisted,
      children: [],
      parent,
      index,
      depth,
      // Set just below: the element itself when it is high enough, else its parent's.
      top: null as never,
    };
    element.top = depth <= 2 || parent === null ? element : parent.top;
    return element;
  };
  const root = make(xmlRoot, rootDef, null, 0);
  const pending: ReadElement[] = [root];
  for (let element = pending.pop(); element !== undefined; element = pending.pop()) {
    const isRoot = element === root;
    const inferring = (isRoot && rootDef === null) || (!isRoot && element.tag === "Response");
    const dropLayout = layoutOnly(element.def, isRoot || element.tag === "Response", element.xml);
    let index = 0;
    for (const child of element.xml.children) {
      if (typeof child === "string") {
        if (!(dropLayout && WHITESPACE.test(child))) element.children.push(child);
        continue;
      }
      const def = formIn(element.def, inferring, child.name);
      element.children.push(make(child, def, element, index++));
    }
    for (let i = element.children.length - 1; i >= 0; i--) {
      const child = element.children[i]!;
      if (typeof child !== "string") pending.push(child);
    }
  }
  return { text, root, context, positions, comments };
}

/** The component name of a root of this kind. */
export function rootComponent(context: Context | null): string {
  switch (context) {
    case "voice":
      return "VoiceResponse";
    case "messaging":
      return "MessagingResponse";
    case "fax":
      return "FaxResponse";
    default:
      return "Response";
  }
}
