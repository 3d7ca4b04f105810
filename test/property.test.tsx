import fc from "fast-check";
import { SaxesParser } from "saxes";
import { expect, test } from "vitest";
import { render, TwiMLError } from "twiml-jsx";
import { isForbidden, stripForbidden as strip } from "./forbidden.js";
import { anyDocument, cleanDocument, toElement, type Doc, type Gen } from "./generators.js";

// Random valid documents built from the vocabulary table, filled with strings from all of Unicode, must
// render to XML a strict XML 1.0 parser accepts and reads back as the input minus the characters XML forbids.

const RUNS = 500;
function firstForbidden(s: string): number | undefined {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (isForbidden(c)) return c;
  }
  return undefined;
}

/** An element as read back from XML: attributes in order, adjacent text merged. */
interface Read {
  readonly tag: string;
  readonly attributes: [string, string][];
  readonly children: (string | Read)[];
}

function pushText(children: (string | Read)[], s: string): void {
  if (s === "") return;
  const last = children.length - 1;
  if (typeof children[last] === "string") children[last] += s;
  else children.push(s);
}

/** Parses with saxes (strict XML 1.0); throws listing every well-formedness error. */
function parse(xml: string): Read {
  const parser = new SaxesParser();
  const errors: string[] = [];
  const stack: Read[] = [];
  let root: Read | undefined;
  parser.on("error", (e) => errors.push(e.message));
  parser.on("opentag", (tag) => {
    const node: Read = { tag: tag.name, attributes: Object.entries(tag.attributes as Record<string, string>), children: [] };
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = node;
    else parent.children.push(node);
    stack.push(node);
  });
  parser.on("text", (s) => {
    const parent = stack[stack.length - 1];
    if (parent !== undefined) pushText(parent.children, s);
  });
  parser.on("closetag", () => stack.pop());
  parser.write(xml).close();
  if (errors.length > 0) throw new Error(`not well-formed XML:\n${errors.join("\n")}\n${JSON.stringify(xml)}`);
  if (root === undefined) throw new Error(`no root element in ${JSON.stringify(xml)}`);
  return root;
}

/** What the XML should read back as: each text child stripped on its own (as the renderer escapes it), then merged. */
function expected(g: Gen): Read {
  const children: (string | Read)[] = [];
  for (const c of g.children) {
    if (typeof c === "string") pushText(children, strip(c));
    else children.push(expected(c));
  }
  return { tag: g.tag, attributes: g.attributes.map((a) => [a.name, strip(a.text)]), children };
}

interface Shape {
  readonly tag: string;
  readonly children: Shape[];
}

function shapeOfRead(r: Read): Shape {
  return { tag: r.tag, children: r.children.filter((c) => typeof c !== "string").map(shapeOfRead) };
}

function shapeOfGen(g: Gen): Shape {
  return { tag: g.tag, children: g.children.filter((c) => typeof c !== "string").map(shapeOfGen) };
}

/** The message strict mode gives for the first forbidden character in document order, if any. */
function strictMessage(doc: Doc): string | undefined {
  const message = (where: string, c: number, path: string): string =>
    `${where} contains U+${c.toString(16).toUpperCase().padStart(4, "0")}, which XML 1.0 forbids ` +
    `(remove it, or render without strict to drop it) at ${path}`;
  // Ancestors are written with their index among their parent's elements; the element at fault without.
  const walk = (g: Gen, ancestors: readonly string[], label: string): string | undefined => {
    const path = [...ancestors, g.tag].join(" > ");
    for (const a of g.attributes) {
      const c = firstForbidden(a.text);
      if (c !== undefined) return message(`<${g.tag} ${a.name}>`, c, path);
    }
    let index = 0;
    for (const child of g.children) {
      if (typeof child === "string") {
        const c = firstForbidden(child);
        if (c !== undefined) return message(`Text in <${g.tag}>`, c, path);
      } else {
        const found = walk(child, [...ancestors, label], `${child.tag}[${index++}]`);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return walk(doc.tree, [], doc.tree.tag);
}

/**
 * The indented reading with the indentation removed: `render(…, { indent })` adds line breaks and spaces
 * only inside elements whose compact form holds no text, so those whitespace runs are dropped there.
 */
function unindent(indented: Read, compact: Read): Read {
  const holdsText = compact.children.some((c) => typeof c === "string");
  const kept = holdsText ? indented.children : indented.children.filter((c) => typeof c !== "string" || !/^\n *$/.test(c));
  const references = compact.children.filter((c) => typeof c !== "string");
  let i = 0;
  return {
    ...indented,
    children: kept.map((c) => (typeof c === "string" ? c : unindent(c, references[i++] ?? c))),
  };
}

test("every generated document renders to XML 1.0 that a strict parser accepts, starting with the declaration", () => {
  fc.assert(
    fc.property(anyDocument, (doc) => {
      const xml = render(toElement(doc));
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response')).toBe(true);
      expect(() => parse(xml)).not.toThrow();
    }),
    { numRuns: RUNS },
  );
});

test("text and attribute values read back exactly as given, minus the characters XML forbids", () => {
  fc.assert(
    fc.property(anyDocument, (doc) => {
      expect(parse(render(toElement(doc)))).toEqual(expected(doc.tree));
    }),
    { numRuns: RUNS },
  );
});

test("the element structure reads back as generated: tags, order and nesting", () => {
  fc.assert(
    fc.property(anyDocument, (doc) => {
      expect(shapeOfRead(parse(render(toElement(doc))))).toEqual(shapeOfGen(doc.tree));
    }),
    { numRuns: RUNS },
  );
});

test("strict mode throws TWIML014 naming the first forbidden character and where it is", () => {
  fc.assert(
    fc.property(anyDocument, (doc) => {
      const message = strictMessage(doc);
      fc.pre(message !== undefined);
      let error: unknown;
      try {
        render(toElement(doc), { strict: true });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TwiMLError);
      expect((error as TwiMLError).code).toBe("TWIML014");
      expect((error as TwiMLError).message).toBe(message);
    }),
    { numRuns: RUNS },
  );
});

test("strict mode renders a document without forbidden characters exactly as the default mode does", () => {
  fc.assert(
    fc.property(cleanDocument, (doc) => {
      const element = toElement(doc);
      expect(render(element, { strict: true })).toBe(render(element));
    }),
    { numRuns: RUNS },
  );
});

test("indented output parses, and its text and attribute values are those of the compact output", () => {
  fc.assert(
    fc.property(anyDocument, (doc) => {
      const element = toElement(doc);
      const compact = parse(render(element));
      expect(unindent(parse(render(element, { indent: 2 })), compact)).toEqual(compact);
    }),
    { numRuns: RUNS },
  );
});
