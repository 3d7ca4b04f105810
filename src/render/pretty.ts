import { elementTable } from "../vocabulary/table.js";

/**
 * Spoken content (`<Say>` and the SSML containers) stays on one line even when it holds only elements:
 * whitespace added there would reach the speech engine. Elsewhere whitespace between elements is ignored by
 * Twilio, as the indented examples in its documentation show; elements holding text always stay inline.
 */
let keepInline: ReadonlySet<string> | undefined;

// Indents compact output for reading. It works on the renderer's own output, where `<` never appears
// unescaped in text or attribute values and `"` never appears inside a value, so tags can be found by pattern.
const TOKEN = /<(\/?)([^\s/>]+)((?:\s+[^\s=]+="[^"]*")*)\s*(\/?)>|[^<]+/g;

interface Node {
  tag: string;
  open: string;
  close: string;
  children: (Node | string)[];
}

function parse(xml: string): (Node | string)[] {
  const top: (Node | string)[] = [];
  const stack: (Node | string)[][] = [top];
  for (const m of xml.matchAll(TOKEN)) {
    const list = stack[stack.length - 1]!;
    if (m[2] === undefined) {
      list.push(m[0]);
    } else if (m[1] === "/") {
      stack.pop();
    } else {
      const node: Node = { tag: m[2], open: m[0], close: m[4] === "/" ? "" : `</${m[2]}>`, children: [] };
      list.push(node);
      if (m[4] !== "/") stack.push(node.children);
    }
  }
  return top;
}

function print(node: Node | string, pad: string, step: string): string {
  if (typeof node === "string") return node;
  if (node.close === "") return pad + node.open;
  keepInline ??= new Set(
    elementTable()
      .filter((d) => d.text === "content")
      .map((d) => d.tag),
  );
  if (keepInline.has(node.tag) || node.children.some((c) => typeof c === "string")) return pad + flat(node);
  return `${pad}${node.open}\n${node.children.map((c) => print(c, pad + step, step)).join("\n")}\n${pad}${node.close}`;
}

function flat(node: Node | string): string {
  return typeof node === "string" ? node : node.open + node.children.map(flat).join("") + node.close;
}

const MAX_INDENT = 16;

/**
 * The indentation step of the `indent` option. Only spaces and tabs: anything else would reach the document
 * between elements, where a NUL breaks the XML and `<!--` changes what it means.
 */
export function indentStep(by: unknown): string {
  if (typeof by === "number" && Number.isInteger(by) && by >= 0 && by <= MAX_INDENT) return " ".repeat(by);
  if (typeof by === "string" && /^[ \t]*$/.test(by)) return by;
  const shown = typeof by === "string" ? JSON.stringify(by) : String(by);
  throw new TypeError(
    `render: the indent option is ${shown}; use a number of spaces from 0 to ${MAX_INDENT}, or a string of spaces and tabs`,
  );
}

/** Puts each element of element-only content on its own line, indented by `step` (from `indentStep`). */
export function indent(xml: string, step: string): string {
  return parse(xml)
    .map((n) => print(n, "", step))
    .join("\n");
}
