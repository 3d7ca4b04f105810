// A strict XML 1.0 reader for TwiML. It refuses what Twilio refuses with error 12100 (documents that are not
// well-formed, whitespace before the XML declaration) and returns names, attributes and text exactly as a
// conforming parser reports them, so that a rendered document reads back as the values it was built from.
// It never expands anything but XML's five entities and character references: a DOCTYPE, which could declare
// entities (and with them "billion laughs" expansion or external fetches), is refused outright. It keeps no
// call stack per element, so nesting depth costs heap, not stack.

export interface XmlElement {
  readonly name: string;
  /** Attributes in document order. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

/** A place in a document: 1-based line and column (in UTF-16 code units, as editors and tsc count them). */
export interface XmlLocation {
  readonly line: number;
  readonly column: number;
}

export class XmlParseError extends Error {
  /** Line of `offset`, from 1. */
  readonly line: number;
  /** Column of `offset`, from 1. */
  readonly column: number;

  constructor(
    message: string,
    /** Offset in the text where parsing failed. */
    readonly offset: number,
    location: XmlLocation = { line: 0, column: 0 },
  ) {
    super(message);
    this.name = "XmlParseError";
    this.line = location.line;
    this.column = location.column;
  }
}

/** Where an element and its attributes start in the text: the offset of `<` and of each attribute name. */
export interface XmlPosition {
  readonly offset: number;
  readonly attributes: ReadonlyMap<string, number>;
}

/**
 * Where the comments of a document stand, for tools that keep them (a converter): each comment belongs to the
 * next element that starts after it, else to the end of the element it is in, else to the end of the document.
 */
export interface XmlComments {
  /** Comments before an element, after its previous sibling (or its parent's start tag). */
  readonly before: WeakMap<XmlElement, string[]>;
  /** Comments after an element's last child element. */
  readonly end: WeakMap<XmlElement, string[]>;
  /** Comments after the root element. */
  readonly after: string[];
}

export interface ParseXmlOptions {
  /** Filled with the position of every element, for tools that point at them (a linter). */
  readonly positions?: WeakMap<XmlElement, XmlPosition>;
  /** Filled with the comments, which are otherwise skipped. */
  readonly comments?: XmlComments;
}

/**
 * Turns offsets of `text` into lines and columns. A line ends at LF, CR LF or a lone CR, the three line ends
 * XML 1.0 normalises. The line starts are found once, on the first call.
 */
export function locator(text: string): (offset: number) => XmlLocation {
  let starts: number[] | undefined;
  return (offset) => {
    if (starts === undefined) {
      starts = [0];
      for (const m of text.matchAll(/\r\n?|\n/g)) starts.push(m.index + m[0].length);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}

const WS = "[ \\t\\r\\n]";
const NAME_START =
  ":A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F" +
  "\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}";
const NAME_SOURCE = `[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*`;
const NAME = new RegExp(NAME_SOURCE, "uy");
const SPACE = new RegExp(`${WS}*`, "y");
const EQUALS = new RegExp(`${WS}*=${WS}*`, "y");
const DECLARATION = new RegExp(
  `<\\?xml${WS}+version${WS}*=${WS}*(["'])1\\.[0-9]+\\1(?:${WS}+encoding${WS}*=${WS}*(["'])[A-Za-z][\\w.-]*\\2)?` +
    `(?:${WS}+standalone${WS}*=${WS}*(["'])(?:yes|no)\\3)?${WS}*\\?>`,
  "y",
);
// The body is optional so that a bare "&" and a missing ";" each get a message of their own.
const REFERENCE = new RegExp(`&(#x[0-9A-Fa-f]+|#[0-9]+|${NAME_SOURCE})?`, "uy");
const TEXT_RUN = /[^<&\r]+/y;
const ATTRIBUTE_RUN = /[^<&\t\n\r"']+/y;
/** Anything outside XML 1.0's `Char`: C0 controls but tab/LF/CR, lone surrogates, U+FFFE, U+FFFF. */
const FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ENTITIES = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
]);
const KNOWN_ENTITIES = "&amp;, &lt;, &gt;, &quot;, &apos; or a character reference";
const LT = '(write a literal "<" as "&lt;")';

type Children = (XmlElement | string)[];

function addText(children: Children, text: string): void {
  if (typeof children.at(-1) === "string") children[children.length - 1] += text;
  else if (text !== "") children.push(text);
}

/** Parses a TwiML document (XML 1.0, one root element) strictly. Throws `XmlParseError`. */
export function parseXml(text: string, options?: ParseXmlOptions): XmlElement {
  const s = text;
  const positions = options?.positions;
  const comments = options?.comments;
  let pendingComments: string[] = [];
  const locate = locator(s);
  const where = (at: number): string => {
    const { line, column } = locate(at);
    return `line ${line}, column ${column}`;
  };
  const closeTag = (name: string, offset: number): string => `</${name}> to close <${name}> (opened at ${where(offset)})`;
  let i = 0;
  const show = (at: number): string =>
    at >= s.length ? "the end of the document" : JSON.stringify(String.fromCodePoint(s.codePointAt(at)!));
  /** Every error says what was expected and what was found at `at`. */
  const fail: (expected: string, at?: number, found?: string) => never = (expected, at = i, found = show(at)) => {
    throw new XmlParseError(`expected ${expected}, found ${found}`, at, locate(at));
  };
  /** Matches sticky `re` at `i` and moves past it; returns its first group if it has one, else the match. */
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(s);
    if (m !== null) i = re.lastIndex;
    return m?.[1] ?? m?.[0];
  };
  const space = (): boolean => match(SPACE) !== "";
  // A CR, or CR LF, is one line end: a LF in text, a space in an attribute value.
  const lineEnd = (as: string): string => {
    i += s[i + 1] === "\n" ? 2 : 1;
    return as;
  };
  const codePoint = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;

  function reference(): string {
    const at = i;
    const body = match(REFERENCE)!;
    if (body === "&") fail(`an entity name or "#" after "&" (write a literal "&" as "&amp;")`);
    if (s[i++] !== ";") fail(`";" to end the reference "&${body}"`, i - 1);
    if (body[0] !== "#") return ENTITIES.get(body) ?? fail(KNOWN_ENTITIES, at, `"&${body};"`);
    const c = body[1] === "x" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    if (c > 0x10ffff || FORBIDDEN.test(String.fromCodePoint(c))) {
      fail("a character XML 1.0 allows", at, `"&${body};" (${codePoint(c)})`);
    }
    return String.fromCodePoint(c);
  }

  function attributeValue(): string {
    const quote = s[i];
    if (quote !== '"' && quote !== "'") fail("a quoted attribute value");
    let out = "";
    for (i++; s[i] !== quote; ) {
      out += match(ATTRIBUTE_RUN) ?? "";
      const c = s[i];
      if (c === undefined || c === "<") fail(`${quote} to close the attribute value${c === "<" ? ` ${LT}` : ""}`);
      if (c === "&") out += reference();
      else if (c === "\r") out += lineEnd(" ");
      else if (c !== quote) {
        // Attribute value normalisation turns a literal tab or LF into a space; the other quote is plain text.
        out += c === "\t" || c === "\n" ? " " : c;
        i++;
      }
    }
    i++;
    return out;
  }

  const forbidden = FORBIDDEN.exec(s)?.index;
  if (forbidden !== undefined) fail("a character XML 1.0 allows", forbidden, codePoint(s.codePointAt(forbidden)!));
  if (/^<\?xml[ \t\r\n?]/.test(s) && match(DECLARATION) === undefined) {
    const end = s.indexOf("?>");
    const declaration = JSON.stringify(s.slice(0, end === -1 ? 60 : end + 2));
    fail(`an XML declaration like <?xml version="1.0" encoding="UTF-8"?>`, 0, declaration);
  }
  let root: XmlElement | undefined;
  const stack: { element: XmlElement & { children: Children }; offset: number }[] = [];
  for (;;) {
    const top = stack.at(-1);
    const outside = root === undefined ? "the root element" : "only whitespace and comments after the root element";
    if (top === undefined) space();
    if (i >= s.length) {
      if (top === undefined) break;
      fail(closeTag(top.element.name, top.offset));
    }
    const at = i;
    if (s[i] !== "<") {
      if (top === undefined) fail(outside);
      const run = match(TEXT_RUN) ?? "";
      if (run.includes("]]>")) fail(`"]]&gt;" in text`, at + run.indexOf("]]>"), `"]]>"`);
      addText(top.element.children, run + (s[i] === "&" ? reference() : s[i] === "\r" ? lineEnd("\n") : ""));
    } else if (s.startsWith("<!--", i)) {
      const end = s.indexOf("--", i + 4);
      if (end === -1) fail(`"-->" to close the comment`, s.length);
      if (s[end + 2] !== ">") fail(`">" after "--" in a comment`, end + 2);
      if (comments !== undefined) pendingComments.push(s.slice(i + 4, end).replace(/\r\n?/g, "\n"));
      i = end + 3;
    } else if (s.startsWith("<?", i)) {
      i += 2;
      const target = match(NAME) ?? fail(`a processing instruction name after "<?"`);
      if (target.toLowerCase() === "xml") {
        fail("the XML declaration only at the very start of the document", at, `it at ${where(at)}`);
      }
      if (!s.startsWith("?>", i) && !space()) fail(`whitespace or "?>" after "<?${target}"`);
      const end = s.indexOf("?>", i);
      if (end === -1) fail(`"?>" to close "<?${target}"`, s.length);
      i = end + 2;
    } else if (s.startsWith("<![CDATA[", i)) {
      if (top === undefined) fail(outside, i, `"<![CDATA["`);
      const end = s.indexOf("]]>", i + 9);
      if (end === -1) fail(`"]]>" to close the CDATA section`, s.length);
      addText(top.element.children, s.slice(i + 9, end).replace(/\r\n?/g, "\n"));
      i = end + 3;
    } else if (top === undefined && s.startsWith("<!DOCTYPE", i)) {
      fail(outside, i, "a DOCTYPE (TwiML needs none, and it could declare entities)");
    } else if (s.startsWith("<!", i)) {
      fail(`"<!--" or "<![CDATA[" after "<!"`, i + 2);
    } else if (s.startsWith("</", i)) {
      i += 2;
      const closing = match(NAME) ?? fail(`an element name after "</"`);
      space();
      if (s[i++] !== ">") fail(`">" to end "</${closing}"`, i - 1);
      if (top === undefined) fail(outside, at, `</${closing}>`);
      if (closing !== top.element.name) fail(closeTag(top.element.name, top.offset), at, `</${closing}>`);
      stack.pop();
      if (pendingComments.length > 0) {
        comments!.end.set(top.element, pendingComments);
        pendingComments = [];
      }
    } else {
      i++;
      const tag = match(NAME) ?? fail(`an element name after "<" ${LT}`);
      if (top === undefined && root !== undefined) fail("only one root element", at, `a second one, <${tag}>`);
      const attributes = new Map<string, string>();
      const attributeOffsets = new Map<string, number>();
      for (let spaced = space(); s[i] !== ">" && !s.startsWith("/>", i); spaced = space()) {
        if (!spaced) fail(`whitespace, ">" or "/>" in <${tag}>`);
        const attributeAt = i;
        const attribute = match(NAME) ?? fail(`an attribute name, ">" or "/>" in <${tag}>`);
        if (attributes.has(attribute)) fail("each attribute once", attributeAt, `"${attribute}" twice in <${tag}>`);
        if (match(EQUALS) === undefined) fail(`"=" after the attribute name "${attribute}"`);
        attributes.set(attribute, attributeValue());
        attributeOffsets.set(attribute, attributeAt);
      }
      const element = { name: tag, attributes: Object.fromEntries(attributes), children: [] };
      positions?.set(element, { offset: at, attributes: attributeOffsets });
      if (pendingComments.length > 0) {
        comments!.before.set(element, pendingComments);
        pendingComments = [];
      }
      if (top === undefined) root = element;
      else top.element.children.push(element);
      if (s[i] === ">") stack.push({ element, offset: at });
      i += s[i] === ">" ? 1 : 2;
    }
  }
  comments?.after.push(...pendingComments);
  return root ?? fail("the root element");
}
