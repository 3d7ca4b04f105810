// Random valid TwiML documents built from the vocabulary table, filled with strings from all of Unicode: the
// generators of the property tests, shared with the tests that read documents back.
import fc from "fast-check";
import * as components from "twiml-jsx";
import type { TwiMLElement } from "twiml-jsx";
import { jsx } from "twiml-jsx/jsx-runtime";
import { childOf, rootOf, type RuntimeAttributeDef, type RuntimeElementDef } from "../src/vocabulary/index.js";
import { stripForbidden as strip } from "./forbidden.js";

/** Element levels below `<Response>`: deep enough for Dial > Sip > Headers > Header and nested SSML. */
export const DEPTH = 4;

/** Characters that stress escaping: markup, whitespace XML normalises, every C0 control, surrogates, non-characters. */
export const TRICKY: readonly string[] = [
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

export const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.constantFrom(...TRICKY) }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })) }),
);

export const cleanString = anyString.map(strip);

// The generated document, kept apart from the JSX it becomes so that expectations are computed from it.
export interface Attribute {
  readonly name: string;
  /** The prop as passed. */
  readonly value: unknown;
  /** The value as the XML should carry it, before forbidden characters are removed. */
  readonly text: string;
}
export interface Gen {
  readonly tag: string;
  readonly ssml: boolean;
  readonly attributes: readonly Attribute[];
  readonly children: readonly (string | Gen)[];
}
export interface Doc {
  readonly root: "VoiceResponse" | "MessagingResponse" | "Response";
  readonly tree: Gen;
}

function attributeArb(a: RuntimeAttributeDef, strings: fc.Arbitrary<string>): fc.Arbitrary<Attribute> | undefined {
  const of = <T>(arb: fc.Arbitrary<T>, text: (v: T) => string): fc.Arbitrary<Attribute> =>
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
      return of(fc.array(fc.integer({ min: a.min ?? 0, max: a.max ?? 10 }), { minLength: 1, maxLength: 3 }), (v) => v.join(" "));
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
export function documents(strings: fc.Arbitrary<string>): fc.Arbitrary<Doc> {
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
      one === undefined ? fc.constant<Gen[]>([]) : fc.array(one, { minLength: depth === DEPTH ? 1 : 0, maxLength: 5, size: "medium" });
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

export const anyDocument = documents(anyString);
export const cleanDocument = documents(cleanString);

const byTag = components as unknown as Record<string, unknown>;

function toNode(g: string | Gen): string | TwiMLElement {
  if (typeof g === "string") return g;
  const props: Record<string, unknown> = {};
  for (const a of g.attributes) props[a.name] = a.value;
  if (g.children.length === 1) props.children = toNode(g.children[0]!);
  else if (g.children.length > 1) props.children = g.children.map(toNode);
  return jsx(g.ssml ? g.tag : byTag[g.tag], props);
}

export function toElement(doc: Doc): TwiMLElement {
  const root = toNode(doc.tree) as TwiMLElement;
  return jsx(byTag[doc.root], root.props);
}
