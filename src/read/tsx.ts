// TSX source for a TwiML document: the component a migrating team would have written, rendering the same XML.
import { readDocument, rootComponent, type ReadDocument, type ReadElement } from "./tree.js";
import { wrongRoot } from "./parse.js";

/** A document `toTSX` cannot write as TSX, or a component name it cannot use. */
export class ToTSXError extends Error {
  override readonly name = "ToTSXError";
}

export interface ToTSXOptions {
  /** The component's name. Default `Twiml`. */
  readonly name?: string;
}

/** Import aliases for the components whose names are JavaScript or Web globals, as the README suggests. */
const ALIASES: Readonly<Record<string, string>> = { Number: "DialNumber", Response: "TwimlResponse" };
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const COMPONENT_NAME = /^[A-Z][\w$]*$/;
/** Text JSX would not read back as written: markup, entities, and whitespace JSX trims or joins. */
const JSX_TEXT_SPECIAL = /[{}<>&]/g;
const NEEDS_EXPRESSION = /[\p{Cc}\u2028\u2029]/u;
/** An attribute string JSX keeps as written: no quote, no entity, no line break or control character. */
const PLAIN_ATTRIBUTE = /^[^"&\p{Cc}\u2028\u2029]*$/u;
/** Opening tags longer than this put one attribute per line. */
const WIDTH = 100;
/** TypeScript's checker recurses per JSX level; far deeper than any TwiML document, far shallower than its stack. */
const MAX_DEPTH = 500;
const STEP = "  ";

function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) throw new ToTSXError(`the document nests deeper than ${MAX_DEPTH} elements, more than TypeScript compiles`);
}

const ENTITIES: Readonly<Record<string, string>> = { "{": '{"{"}', "}": '{"}"}', "<": "&lt;", ">": "&gt;", "&": "&amp;" };

/** Text as a JSX child: as written where JSX reads it back the same, as a string expression where it would not. */
function jsxText(text: string): string {
  if (NEEDS_EXPRESSION.test(text)) return `{${JSON.stringify(text)}}`;
  return text.replace(JSX_TEXT_SPECIAL, (c) => ENTITIES[c]!);
}

function jsxValue(value: unknown): string {
  if (typeof value === "string") return PLAIN_ATTRIBUTE.test(value) ? JSON.stringify(value) : `{${JSON.stringify(value)}}`;
  if (Array.isArray(value)) return `{[${value.map((v) => JSON.stringify(v)).join(", ")}]}`;
  return `{${String(value)}}`;
}

/** A comment as JSX (`{/* … *\/}`) or as a plain one: its text as written, unable to end the comment early. */
function comment(text: string, jsx: boolean): string {
  const body = text.trim().replaceAll("*/", "*\\/");
  return jsx ? `{/* ${body} */}` : `/* ${body} */`;
}

function objectLiteral(entries: readonly (readonly [string, string])[]): string {
  const fields = entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{{ ${fields.join(", ")} }}`;
}

class Printer {
  readonly imports = new Set<string>();

  constructor(private readonly document: ReadDocument) {}

  name(element: ReadElement): string {
    let component: string;
    if (element.parent === null) component = rootComponent(this.document.context);
    else if (element.tag === "Response") component = "Response";
    else if (element.def === null) component = "UnlistedElement";
    else if (element.def.kind === "ssml") return element.tag;
    else component = element.tag;
    this.imports.add(component);
    return ALIASES[component] ?? component;
  }

  attributes(element: ReadElement): string[] {
    if (element.def === null && element.tag !== "Response") {
      const tag = [`tag=${jsxValue(element.tag)}`];
      return element.unlisted.length === 0 ? tag : [...tag, `attributes=${objectLiteral(element.unlisted)}`];
    }
    const out = element.props.map(([name, value]) => (value === true ? name : `${name}=${jsxValue(value)}`));
    if (element.unlisted.length > 0) out.push(`unlistedAttributes=${objectLiteral(element.unlisted)}`);
    return out;
  }

  /** The comments before an element, and those at the end of its content. */
  comments(element: ReadElement, where: "before" | "end"): readonly string[] {
    return this.document.comments[where].get(element.xml) ?? [];
  }

  /**
   * An element on one line, as content that holds text must be written (JSX would trim line breaks there).
   * Comments stand as empty JSX expressions, which add nothing to the text around them.
   */
  inline(element: ReadElement, depth: number): string {
    checkDepth(depth);
    const name = this.name(element);
    const open = [name, ...this.attributes(element)].join(" ");
    const end = this.comments(element, "end").map((c) => comment(c, true));
    if (element.children.length === 0 && end.length === 0) return `<${open} />`;
    const content = element.children.map((c) => {
      if (typeof c === "string") return jsxText(c);
      return [...this.comments(c, "before").map((text) => comment(text, true)), this.inline(c, depth + 1)].join("");
    });
    return `<${open}>${[...content, ...end].join("")}</${name}>`;
  }

  /** An element as lines at `pad`: element-only content one child per line, text content inline. */
  block(element: ReadElement, pad: string, depth: number): string[] {
    if (element.children.some((c) => typeof c === "string")) return [pad + this.inline(element, depth)];
    checkDepth(depth);
    const name = this.name(element);
    const attributes = this.attributes(element);
    const end = this.comments(element, "end");
    const empty = element.children.length === 0 && end.length === 0;
    const close = empty ? " />" : ">";
    const oneLine = `${pad}<${[name, ...attributes].join(" ")}${close}`;
    const lines =
      oneLine.length <= WIDTH || attributes.length < 2
        ? [oneLine]
        : [`${pad}<${name}`, ...attributes.map((a) => pad + STEP + a), pad + close.trim()];
    if (empty) return lines;
    for (const child of element.children as ReadElement[]) {
      for (const text of this.comments(child, "before")) lines.push(pad + STEP + comment(text, true));
      lines.push(...this.block(child, pad + STEP, depth + 1));
    }
    for (const text of end) lines.push(pad + STEP + comment(text, true));
    lines.push(`${pad}</${name}>`);
    return lines;
  }
}

/**
 * TSX source for a module whose default export is a component, taking no props, that renders `xml`: imports
 * from `twiml-jsx`, attributes in their typed forms (numbers, booleans, lists as arrays), SSML as lower-case
 * intrinsic elements, unknown tags and attributes through the escape hatch, text escaped for JSX. The module
 * compiles under `strict` and `render(<Component />)` writes the document again (with the XML declaration).
 *
 * @example
 * toTSX('<Response><Say voice="alice">Hi</Say></Response>', { name: "Greeting" }).split("\n").slice(1, 6)
 * //=> ['import { Say, VoiceResponse, type TwiMLElement } from "twiml-jsx";', "",
 * //    "export default function Greeting(): TwiMLElement {", "  return (", "    <VoiceResponse>"]
 */
export function toTSX(xml: string, options?: ToTSXOptions): string {
  const name = options?.name ?? "Twiml";
  if (!COMPONENT_NAME.test(name)) {
    throw new ToTSXError(`${JSON.stringify(name)} is not a component name (use a capitalised identifier such as Menu)`);
  }
  const document = readDocument(xml, { comments: true });
  if (document.root.tag !== "Response") throw wrongRoot(document.root.tag);
  const printer = new Printer(document);
  const lines = printer.block(document.root, STEP.repeat(2), 0);
  const taken = [...printer.imports].map((c) => ALIASES[c] ?? c);
  if (taken.includes(name)) {
    throw new ToTSXError(`the name ${name} is taken by the component it imports; choose another (such as ${name}Document)`);
  }
  const specifiers = [...printer.imports].sort().map((c) => (ALIASES[c] === undefined ? c : `${c} as ${ALIASES[c]}`));
  const body = lines.length === 1 ? `  return ${lines[0]!.trimStart()};` : ["  return (", ...lines, "  );"].join("\n");
  // Comments around the document frame the component.
  const before = printer.comments(document.root, "before").map((c) => comment(c, false));
  const after = document.comments.after.map((c) => comment(c, false));
  return [
    "/** @jsxImportSource twiml-jsx */",
    `import { ${[...specifiers, "type TwiMLElement"].join(", ")} } from "twiml-jsx";`,
    "",
    ...before,
    `export default function ${name}(): TwiMLElement {`,
    body,
    "}",
    ...after,
    "",
  ].join("\n");
}
