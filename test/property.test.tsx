import fc from "fast-check";
import { SaxesParser } from "saxes";
import { expect, test } from "vitest";
import * as components from "twiml-jsx";
import { render, TwiMLError, type TwiMLElement } from "twiml-jsx";
import { jsx } from "twiml-jsx/jsx-runtime";
import { childOf, rootOf, type RuntimeAttributeDef, type RuntimeElementDef } from "../src/vocabulary/index.js";
import { isForbidden, stripForbidden as strip } from "./forbidden.js";

// Random valid documents built from the vocabulary table, filled with strings from all of Unicode, must
// render to XML a strict XML 1.0 parser accepts and reads back as the input minus the characters XML forbids.

const RUNS = 500;
/** Element levels below `<Response>`: deep enough for Dial > Sip > Headers > Header and nested SSML. */
const DEPTH = 4;

/** Characters that stress escaping: markup, whitespace XML normalises, every C0 control, surrogates, non-characters. */
const TRICKY: readonly string[] = [
  "&",
  "<",
  ">",
  '"',
  "'",
  "]]>",
  "\r\n",
  ...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)),
  "\uD800",
  "\uDBFF",
  "\uDC00",
  "\uDFFF",
  "\uD83D",
  "\uDE00",
  "\uFFFE",
  "\uFFFF",
  "\uFFFD",
  "\u007F",
  "\u0085",
  "\u2028",
  "\u2029",
  "😀",
  "👍🏽",
  "𝄞",
  "a",
  " ",
  "é",
];

const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.constantFrom(...TRICKY) }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })) }),
);


function firstForbidden(s: string): number | undefined {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (isForbidden(c)) return c;
  }
  return undefined;
}

const cleanString = anyString.map(strip);

// The generated document, kept apart from the JSX it becomes so that expectations are computed from it.
interface Attribute {
  readonly name: string;
  /** The prop as passed. */
  readonly value: unknown;
  /** The value as the XML should carry it, before forbidden characters are removed. */
  readonly text: string;
}
interface Gen {
  readonly tag: string;
  readonly ssml: boolean;
  readonly attributes: readonly Attribute[];
  readonly children: readonly (string | Gen)[];
}
interface Doc {
  readonly root: "VoiceResponse" | "MessagingResponse" | "Response";
  readonly tree: Gen;
}

function attributeArb(a: RuntimeAttributeDef, strings: fc.Arbitrary<string>): fc.Arbitrary<Attribute> | undefined {
  const of = <T,>(arb: fc.Arbitrary<T>, text: (v: T) => string): fc.Arbitrary<Attribute> =>
    arb.map((value) => ({ name: a.name, value, text: text(value) }));
  switch (a.type) {
    case "string":
    case "url":
      return a.pattern === undefined ? of(strings, (s) => s) : undefined;
    case "enum":
      return of(fc.constantFrom(...a.values!), (v) => v);
    case "enum-list":
      return of(fc.subarray([...a.values!], { minLength: 1 }), (v) => v.join(" "));
    case "integer":
      return of(fc.integer({ min: a.min ?? 0, max: a.max ?? 3600 }), String);
    case "integer-list":
      return of(fc.array(fc.integer({ min: a.min ?? 0, max: a.max ?? 10 }), { minLength: 1, maxLength: 3 }), (v) =>
        v.join(" "),
      );
    case "boolean":
      return of(fc.boolean(), String);
  }
}

/** The forms of the children `def` lists that the vocabulary resolves inside it (`childOf`, as the renderer does). */
function formsIn(def: RuntimeElementDef): RuntimeElementDef[] {
  return def.children.map((tag) => childOf(def, tag)).filter((form) => form !== undefined);
}

/** Enforces `alone` and the child-count limits on a random list of child elements, topping up from `reserves`. */
function fitRules(def: RuntimeElementDef, list: Gen[], reserves: Record<string, Gen[]>): Gen[] {
  let out = list;
  const lonely = out.find((g) => def.alone?.includes(g.tag) === true);
  if (lonely !== undefined) out = [lonely];
  for (const [tag, { min, max }] of Object.entries(def.limits ?? {})) {
    if (max !== undefined) {
      if (tag === "*") out = out.slice(0, max);
      else {
        let seen = 0;
        out = out.filter((g) => g.tag !== tag || ++seen <= max);
      }
    }
    if (min !== undefined) {
      const have = out.filter((g) => g.tag === tag).length;
      out = [...out, ...reserves[tag]!.slice(0, Math.max(0, min - have))];
    }
  }
  return out;
}

function hasText(children: readonly (string | Gen)[]): boolean {
  return children.some((c) => typeof c === "string" && strip(c) !== "");
}

/** Arbitrary valid documents whose strings come from `strings`. */
function documents(strings: fc.Arbitrary<string>): fc.Arbitrary<Doc> {
  const someText = strings.map((s) => (strip(s) === "" ? `${s}x` : s));
  const texts = fc.array(strings, { maxLength: 3 });
  const memo = new Map<RuntimeElementDef, Map<number, fc.Arbitrary<Gen>>>();

  function attributes(def: RuntimeElementDef): fc.Arbitrary<Attribute[]> {
    const optional = def.attributes.filter((a) => a.required !== true && attributeArb(a, strings) !== undefined);
    return fc.subarray(optional, { maxLength: Math.min(4, optional.length) }).chain((chosen) =>
      fc.tuple(
        ...def.attributes
          .filter((a) => a.required === true || chosen.includes(a))
          .map((a) => {
            const arb = attributeArb(a, strings);
            if (arb === undefined) throw new Error(`no generator for required attribute ${a.name} of <${def.tag}>`);
            return arb;
          }),
      ),
    );
  }

  function children(def: RuntimeElementDef, depth: number): fc.Arbitrary<(string | Gen)[]> {
    const forms = depth === 0 ? [] : formsIn(def);
    const one = forms.length === 0 ? undefined : fc.oneof(...forms.map((f) => element(f, depth - 1)));
    // Children a limit requires (the one <Sip> of <Refer>), generated even at the deepest level.
    const reserves = fc.record(
      Object.fromEntries(
        Object.entries(def.limits ?? {})
          .filter(([tag, { min }]) => tag !== "*" && min !== undefined)
          .map(([tag, { min }]) => {
            const form = childOf(def, tag)!;
            return [tag, fc.array(element(form, Math.max(0, depth - 1)), { minLength: min!, maxLength: min! })];
          }),
      ),
    );
    // The root (the only element at DEPTH) gets at least one verb: an empty document tests little.
    const picked =
      one === undefined
        ? fc.constant<Gen[]>([])
        : fc.array(one, { minLength: depth === DEPTH ? 1 : 0, maxLength: 5, size: "medium" });
    const elements = fc.tuple(picked, reserves).map(([list, extra]) => fitRules(def, list, extra));
    if (def.text === "none") return elements;
    if (def.textOrChildren === true) return fc.oneof(texts, elements);
    if (def.limits !== undefined || def.alone !== undefined) {
      throw new Error(`<${def.tag}> mixes text and counted children, which this generator does not model`);
    }
    const mixed = fc.array(one === undefined ? strings : fc.oneof(strings, one), { maxLength: 5, size: "medium" });
    switch (def.text) {
      case "optional":
        return mixed;
      case "required":
        return fc.tuple(mixed, someText).map(([list, s]) => (hasText(list) ? list : [...list, s]));
      case "content":
        return fc
          .tuple(mixed, someText)
          .map(([list, s]) => (hasText(list) || list.some((c) => typeof c !== "string") ? list : [...list, s]));
    }
  }

  function element(def: RuntimeElementDef, depth: number): fc.Arbitrary<Gen> {
    let byDepth = memo.get(def);
    if (byDepth === undefined) memo.set(def, (byDepth = new Map()));
    let arb = byDepth.get(depth);
    if (arb === undefined) {
      arb = fc.tuple(attributes(def), children(def, depth)).map(([attributes, children]) => {
        for (const [a, b] of def.exclusive ?? []) {
          const set = (name: string | undefined): boolean =>
            name === "#text" ? hasText(children) : attributes.some((x) => x.name === name);
          if (set(a) && set(b)) {
            if (a === "#text" || b === "#text") children = children.filter((c) => typeof c !== "string");
            else attributes = attributes.filter((x) => x.name !== b);
          }
        }
        // Text over a limit Twilio enforces is refused by design: keep one short piece of it instead.
        const limit = def.textLimit?.severity === "error" ? def.textLimit.max : Infinity;
        const length = children.reduce((n, c) => n + (typeof c === "string" ? c.length : 0), 0);
        if (length > limit) children = [...children.filter((c) => typeof c !== "string"), "q"];
        return { tag: def.tag, ssml: def.kind === "ssml", attributes, children };
      });
      byDepth.set(depth, arb);
    }
    return arb;
  }

  const voice = element(rootOf("voice"), DEPTH);
  const messaging = element(rootOf("messaging"), DEPTH);
  return fc.oneof(
    voice.map((tree): Doc => ({ root: "VoiceResponse", tree })),
    messaging.map((tree): Doc => ({ root: "MessagingResponse", tree })),
    fc.oneof(voice, messaging).map((tree): Doc => ({ root: "Response", tree })),
  );
}

const anyDocument = documents(anyString);
const cleanDocument = documents(cleanString);

const byTag = components as unknown as Record<string, unknown>;

function toNode(g: string | Gen): string | TwiMLElement {
  if (typeof g === "string") return g;
  const props: Record<string, unknown> = {};
  for (const a of g.attributes) props[a.name] = a.value;
  if (g.children.length === 1) props.children = toNode(g.children[0]!);
  else if (g.children.length > 1) props.children = g.children.map(toNode);
  return jsx(g.ssml ? g.tag : byTag[g.tag], props);
}

function toElement(doc: Doc): TwiMLElement {
  const root = toNode(doc.tree) as TwiMLElement;
  return jsx(byTag[doc.root], root.props);
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
