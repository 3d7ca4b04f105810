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
  keepInline ??= new Set(elementTable().filter((d) => d.text === "content").map((d) => d.tag));
  if (keepInline.has(node.tag) || node.children.some((c) => typeof c === "string")) return pad + flat(node);
  return `${pad}${node.open}\n${node.children.map((c) => print(c, pad + step, step)).join("\n")}\n${pad}${node.close}`;
}

function flat(node: Node | string): string {
  return typeof node === "string" ? node : node.open + node.children.map(flat).join("") + node.close;
}

/** Puts each element of element-only content on its own line, indented by `by` (spaces or a string). */
export function indent(xml: string, by: number | string): string {
  const step = typeof by === "number" ? " ".repeat(by) : by;
  return parse(xml)
    .map((n) => print(n, "", step))
    .join("\n");
}
