import {
  anyFormOf,
  anyRootChildren,
  CONTEXTS,
  childOf,
  hasRules,
  inferredChildOf,
  rootOf,
  valueRule,
  type ValueRule,
} from "../vocabulary/index.js";
import type { RuntimeAttributeDef, RuntimeElementDef } from "../vocabulary/runtime.js";
import type { Context, TextLimit, TextMode } from "../vocabulary/types.js";

/** An attribute prepared for rendering: its value rule, and the pieces of output its values are written with. */
export interface CompiledAttribute extends ValueRule {
  /** ` name="` — written before the value. */
  readonly prefix: string;
  /**
   * Values seen before (every enum and boolean value in advance; integers and strings that needed no escaping
   * as they come, up to a bound), written: one map lookup then replaces checking, escaping and concatenating,
   * and gives the whole open tag when the value is its element's one attribute.
   */
  readonly written: Map<unknown, Written>;
  /** `<Tag` of the element the attribute belongs to. */
  readonly open: string;
}

/** An open tag written whole: `<Tag…` before more attributes, `<Tag…>` before content, `<Tag…/>` when empty. */
export interface Head {
  readonly open: string;
  readonly openEnd: string;
  readonly empty: string;
}

/** A value of an attribute written before: its ` name="value"` piece, and the open tag with it as its one attribute. */
export interface Written extends Head {
  readonly attribute: string;
}

/** Keeps a value of `a` with its ` name="value"` piece, for the renders to come. */
export function remember(a: CompiledAttribute, v: unknown, attribute: string): void {
  const open = a.open + attribute;
  a.written.set(v, { attribute, open, openEnd: `${open}>`, empty: `${open}/>` });
}

/**
 * An element form prepared for rendering: attribute lookups, child forms and rules resolved once,
 * on first use, so that a render does only property loads and comparisons.
 */
export interface Compiled extends Head {
  readonly tag: string;
  /** `</Tag>` */
  readonly close: string;
  readonly def: RuntimeElementDef | null;
  /** Document kind; null for the `<Response>` that infers it and for unlisted elements. */
  readonly context: Context | null;
  readonly attributes: ReadonlyMap<string, CompiledAttribute>;
  readonly attributeNames: readonly string[];
  readonly required: readonly string[];
  readonly text: TextMode;
  readonly textOrChildren: boolean;
  /** A limit on the text that Twilio enforces (severity `error`); warnings are for the static tools. */
  readonly textLimit: TextLimit | null;
  /** Extra bookkeeping (counts, exclusions) is needed only for a few elements. */
  readonly hasRules: boolean;
  /** Child forms by tag; filled on demand. Unlisted parents resolve any known tag without nesting rules. */
  readonly children: Map<string, Compiled | null>;
  readonly allowed: readonly string[];
  /** The `<Response>` that learns its document kind from its children. */
  readonly infers: boolean;
}

function compileAttribute(tag: string, a: RuntimeAttributeDef): CompiledAttribute {
  const prefix = ` ${a.name}="`;
  const compiled: CompiledAttribute = { ...valueRule(a), prefix, written: new Map(), open: `<${tag}` };
  if (a.type === "enum" || a.type === "enum-list") for (const v of a.values!) remember(compiled, v, `${prefix}${v}"`);
  if (a.type === "boolean") {
    for (const v of [true, false]) {
      remember(compiled, v, `${prefix}${v}"`);
      remember(compiled, String(v), `${prefix}${v}"`);
    }
  }
  return compiled;
}

function compile(tag: string, def: RuntimeElementDef | null, context: Context | null, allowed: readonly string[]): Compiled {
  const attributes = new Map<string, CompiledAttribute>();
  for (const a of def?.attributes ?? []) attributes.set(a.name, compileAttribute(tag, a));
  return {
    tag,
    open: `<${tag}`,
    close: `</${tag}>`,
    openEnd: `<${tag}>`,
    empty: `<${tag}/>`,
    def,
    context,
    attributes,
    attributeNames: def?.attributes.map((a) => a.name) ?? [],
    required: def?.attributes.filter((a) => a.required === true).map((a) => a.name) ?? [],
    text: def === null ? "optional" : def.text,
    textOrChildren: def?.textOrChildren === true,
    textLimit: def?.textLimit?.severity === "error" ? def.textLimit : null,
    // A warning limit (more than 10 replies) is for the static tools: no bookkeeping for it at render time.
    hasRules: def !== null && hasRules(def),
    children: new Map(),
    allowed,
    infers: false,
  };
}

const byDef = new Map<RuntimeElementDef, Compiled>();

function compiledOf(def: RuntimeElementDef): Compiled {
  let c = byDef.get(def);
  if (c === undefined) {
    c = compile(def.tag, def, def.context, def.children);
    byDef.set(def, c);
  }
  return c;
}

/** The form of `tag` inside `parent`, or null when not allowed there. */
export function childForm(parent: Compiled, tag: string): Compiled | null {
  let c = parent.children.get(tag);
  if (c !== undefined) return c;
  let def: RuntimeElementDef | undefined;
  if (parent === UNLISTED) def = anyFormOf(tag);
  else if (parent.context === null) def = inferredChildOf(tag);
  else def = parent.def === null ? undefined : childOf(parent.def, tag);
  c = def === undefined ? null : compiledOf(def);
  parent.children.set(tag, c);
  return c;
}

const roots: Partial<Record<Context | "inferring", Compiled>> = {};

/**
 * The root form of a document kind, or with none, the `<Response>` that infers it from its children. Forms are
 * compiled on first use, so that importing the package does no work for them.
 */
export function documentRoot(context: Context | null | undefined): Compiled {
  if (context !== null && context !== undefined) return (roots[context] ??= compiledOf(rootOf(context)));
  if (roots.inferring === undefined) {
    const fixed = CONTEXTS.map((ctx) => documentRoot(ctx));
    roots.inferring = {
      ...fixed[0]!,
      def: null,
      context: null,
      children: new Map(),
      allowed: anyRootChildren(),
      // The rules of the kind it turns out to be are checked once that kind is known.
      hasRules: fixed.some((r) => r.hasRules),
      infers: true,
    };
  }
  return roots.inferring;
}

/** Stands in for elements outside the vocabulary: any attribute, any child, no nesting rules. */
export const UNLISTED = compile("#unlisted", null, null, []);
