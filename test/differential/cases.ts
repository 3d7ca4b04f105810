import * as components from "twiml-jsx";
import type { TwiMLElement } from "twiml-jsx";
import { jsx } from "twiml-jsx/jsx-runtime";
import { ELEMENTS } from "../../src/vocabulary/elements.js";
import { childOf, rootOf } from "../../src/vocabulary/index.js";
import type { RuntimeAttributeDef, Context, RuntimeElementDef } from "../../src/vocabulary/index.js";
import { FaxResponse, MessagingResponse, VoiceResponse, addChild, type BuilderNode } from "./builders.js";

// For every element form of the vocabulary, one document containing it with all its attributes set, built
// twice: with Twilio's builder and with our components.
// Two variants per form cover both halves of each kind of value: booleans true then false, enum lists as
// an array then a single value, strings with markup characters and whitespace then non-ASCII text.

type Variant = 0 | 1;

/** One element of a document, with the attribute values each side receives. */
interface Node {
  readonly form: RuntimeElementDef;
  /** The tag of its parent; undefined for the roots. */
  readonly parent?: string;
  readonly props: Record<string, unknown>;
  readonly attributes: Record<string, unknown>;
  readonly text?: string;
  readonly children: Node[];
}

const STRINGS: Record<Variant, string> = {
  0: `a&b <c> "d" 'e' f\tg\nh\ri`,
  1: "héllo e\u0301 👋 中文 ß",
};

const TEXTS: Record<Variant, string> = {
  0: `Tom & Jerry <b>bold</b> "quoted" 'single' > end\tTab\nNew line\rCR`,
  1: "Grüße, 世界 👋🏽 cafe\u0301 ﷺ",
};

/** Valid values for the attributes whose strings must match a pattern. */
const PATTERN_SAMPLES: Record<string, Record<Variant, string>> = {
  "^[0-9*#wW]+$": { 0: "1234*#", 1: "w9W0#" },
  "^[0-9]+(\\.[0-9]+)?(ms|s)$": { 0: "1.5s", 1: "250ms" },
  "^(0?\\.\\d+|1(\\.0+)?)$": { 0: "0.8", 1: ".35" },
};

/** The value our component gets and the value the builder gets, which differ only for comma lists. */
function valueOf(a: RuntimeAttributeDef, variant: Variant): { ours: unknown; builder: unknown } {
  const same = (v: unknown): { ours: unknown; builder: unknown } => ({ ours: v, builder: v });
  switch (a.type) {
    case "boolean":
      return same(variant === 0);
    case "integer":
      return same(variant === 0 ? (a.min ?? 1) : (a.max ?? (a.min ?? 0) + 1000));
    case "integer-list":
      return same(variant === 0 ? [1, 2, 3] : 2);
    case "enum":
      return same(variant === 0 ? a.values![0] : a.values![a.values!.length - 1]);
    case "enum-list":
      return same(variant === 0 ? [...a.values!] : a.values![a.values!.length - 1]);
    case "string":
    case "url": {
      if (a.pattern !== undefined) {
        const sample = PATTERN_SAMPLES[a.pattern];
        if (sample === undefined) throw new Error(`no sample value for pattern ${a.pattern} of ${a.name}`);
        return same(sample[variant]);
      }
      if (a.separator !== undefined && variant === 1) {
        const items = ["héllo", "中文 👋", "a&b<c>"];
        return { ours: items, builder: items.join(a.separator) };
      }
      return same(`${a.name}: ${STRINGS[variant]}`);
    }
  }
}

/** An element with what validation needs and nothing else: required attributes, text, required children. */
function minimal(form: RuntimeElementDef, variant: Variant, children: Node[] = []): Node {
  const props: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const a of form.attributes.filter((x) => x.required === true)) {
    const v = valueOf(a, variant);
    props[a.name] = v.ours;
    attributes[a.name] = v.builder;
  }
  const all = [...children, ...requiredChildren(form, children, variant)];
  const needsText = all.length === 0 && (form.text === "required" || form.text === "content");
  return { form, props, attributes, ...(needsText ? { text: TEXTS[variant] } : {}), children: all };
}

/** Children that the element's count rules demand beyond those it already has (a `<Refer>` needs a `<Sip>`). */
function requiredChildren(form: RuntimeElementDef, present: readonly Node[], variant: Variant): Node[] {
  const extra: Node[] = [];
  for (const [tag, { min }] of Object.entries(form.limits ?? {})) {
    if (tag === "*" || min === undefined) continue;
    const child = childOf(form, tag)!;
    for (let n = present.filter((c) => c.form.tag === tag).length; n < min; n++) extra.push(minimal(child, variant));
  }
  return extra;
}

/** The element under test: every attribute set and text where it takes text, unless a rule excludes the pair. */
function complete(form: RuntimeElementDef, variant: Variant): Node {
  const excludedByText = new Set((form.exclusive ?? []).filter((p) => p.includes("#text")).flat());
  // An element whose text excludes an attribute shows all attributes in one variant and its text in the other.
  const withText = form.text !== "none" && (excludedByText.size === 0 || variant === 1);
  const props: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const a of form.attributes) {
    if (withText && excludedByText.has(a.name)) continue;
    const v = valueOf(a, variant);
    props[a.name] = v.ours;
    attributes[a.name] = v.builder;
  }
  const children = withText ? [] : requiredChildren(form, [], variant);
  return { form, props, attributes, ...(withText ? { text: TEXTS[variant] } : {}), children };
}

/** The shortest chain of forms from the document root to `target`, root first. */
function chainTo(target: RuntimeElementDef): RuntimeElementDef[] {
  const root = rootOf(target.context);
  const queue: RuntimeElementDef[][] = [[root]];
  const seen = new Set<RuntimeElementDef>([root]);
  while (queue.length > 0) {
    const chain = queue.shift()!;
    const last = chain[chain.length - 1]!;
    if (last === target) return chain;
    for (const tag of last.children) {
      const next = childOf(last, tag);
      if (next !== undefined && !seen.has(next)) {
        seen.add(next);
        queue.push([...chain, next]);
      }
    }
  }
  throw new Error(`<${target.tag}> cannot be reached from the ${target.context} root`);
}

/** The whole document: `element` under the chain of parents, each with what validation needs. */
function documentOf(chain: readonly RuntimeElementDef[], element: Node, variant: Variant): Node {
  let node = element;
  for (let i = chain.length - 1; i >= 0; i--) node = minimal(chain[i]!, variant, [node]);
  return node;
}

const ROOTS: Record<Context, string> = { voice: "VoiceResponse", messaging: "MessagingResponse", fax: "FaxResponse" };

function componentOf(form: RuntimeElementDef): unknown {
  if (form.kind === "ssml") return form.tag;
  const name = form.kind === "root" ? ROOTS[form.context] : form.tag;
  const component = (components as Record<string, unknown>)[name];
  if (typeof component !== "function") throw new Error(`twiml-jsx exports no component ${name}`);
  return component;
}

export function toJsx(node: Node): TwiMLElement {
  const content = node.text ?? (node.children.length === 0 ? undefined : node.children.map(toJsx));
  return jsx(componentOf(node.form), content === undefined ? node.props : { ...node.props, children: content });
}

const BUILDERS: Record<Context, new () => object> = {
  voice: VoiceResponse,
  messaging: MessagingResponse,
  fax: FaxResponse,
};

export function toBuilder(root: Node): string {
  const response = new BUILDERS[root.form.context]() as unknown as BuilderNode;
  const add = (parent: BuilderNode, node: Node): void => {
    const built = addChild(parent, node.form.tag, node.attributes, node.text);
    for (const child of node.children) add(built, child);
  };
  for (const child of root.children) add(response, child);
  return response.toString();
}

export interface Case {
  readonly name: string;
  /** The element form under test (the root itself for an empty document). */
  readonly form: RuntimeElementDef;
  /** The tag of its parent; undefined for the roots. */
  readonly parent?: string;
  readonly documents: readonly Node[];
}

// Skipped: the `amazon:*` SSML tags, which Twilio's builder has no method for, and the SSML placed inside
// them. The deprecated fax `<Receive>` stays in: the builder still makes it through `twilio.twiml.FaxResponse`.
export const UNBUILDABLE = (form: RuntimeElementDef): boolean => form.tag.startsWith("amazon:");
export const unbuildableParent = (tag: string): boolean => tag.startsWith("amazon:");

export const cases: Case[] = [];
for (const root of ELEMENTS.filter((d) => d.kind === "root")) {
  cases.push({ name: `${root.context} Response (empty)`, form: root, documents: [minimal(root, 0)] });
}
for (const form of ELEMENTS.filter((d) => d.kind !== "root" && !UNBUILDABLE(d))) {
  const parents = ELEMENTS.filter((d) => d.context === form.context && !UNBUILDABLE(d) && childOf(d, form.tag) === form);
  for (const parent of parents) {
    const chain = chainTo(parent);
    cases.push({
      name: `${form.context} ${form.tag} in ${chain.map((d) => d.tag).join(" > ")}`,
      form,
      parent: parent.tag,
      documents: ([0, 1] as const).map((variant) => documentOf(chain, complete(form, variant), variant)),
    });
  }
}
