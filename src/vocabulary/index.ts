import { notAllowed, ssmlOutsideSay, type Problem } from "./rules.js";
import type { RuntimeElementDef } from "./runtime.js";
import { elementTable } from "./table.js";
import type { Context } from "./types.js";

// Code bundled into the package should read the table through `elementTable()`, typed with the fields the
// published runtime keeps: in the bundles, `ELEMENTS` is that same stripped table, whatever its type says.
export { elementTable };
export { ELEMENTS } from "./elements.js";
export type { AttributeDef, AttributeType, ChildLimit, Context, ElementDef, TextLimit, TextMode } from "./types.js";
export type { RuntimeAttributeDef, RuntimeElementDef } from "./runtime.js";
export { MAX_DOCUMENT_BYTES } from "./limits.js";
export * from "./rules.js";
export * from "./values.js";
export * from "./content.js";

/** Verbs after which nothing in the same document runs. */
export const ENDS_DOCUMENT: readonly string[] = ["Hangup", "Reject", "Redirect"];

let ssmlTags: ReadonlySet<string> | undefined;

/** Whether a tag is SSML, written as a lower-case intrinsic JSX element. */
export function isSsmlTag(tag: string): boolean {
  ssmlTags ??= new Set(
    elementTable()
      .filter((d) => d.kind === "ssml")
      .map((d) => d.tag),
  );
  return ssmlTags.has(tag);
}

/** The document root of a context. */
export function rootOf(context: Context): RuntimeElementDef {
  return elementTable().find((d) => d.kind === "root" && d.context === context)!;
}

/** Why a known tag cannot stand in `parent`: SSML outside `<Say>`, or a place that does not allow it. */
export function misplacedProblem(tag: string, parent: string, allowed: readonly string[]): Problem {
  return isSsmlTag(tag) && parent !== "Say" && !isSsmlTag(parent) ? ssmlOutsideSay(tag, parent) : notAllowed(tag, parent, allowed);
}

/** The document kinds, in the order a `<Response>` that infers its kind tries them for a child's form. */
export const CONTEXTS: readonly Context[] = ["voice", "messaging", "fax"];

/** The form a tag takes in a `<Response>` that infers its kind from its children: voice first, then messaging, then fax. */
export function inferredChildOf(tag: string): RuntimeElementDef | undefined {
  for (const context of CONTEXTS) {
    const form = childOf(rootOf(context), tag);
    if (form !== undefined) return form;
  }
  return undefined;
}

let anyRoot: readonly string[] | undefined;

/** What a `<Response>` of no kind yet allows: the children of every kind of root. */
export function anyRootChildren(): readonly string[] {
  anyRoot ??= [...new Set(CONTEXTS.flatMap((c) => rootOf(c).children))];
  return anyRoot;
}

/** The form of a tag inside an element the vocabulary does not know, which has no nesting rules: its first non-root form. */
export function anyFormOf(tag: string): RuntimeElementDef | undefined {
  return elementTable().find((d) => d.tag === tag && d.kind !== "root");
}

/** The form a tag takes inside a parent, or undefined when the parent does not allow it. */
export function childOf(parent: RuntimeElementDef, tag: string): RuntimeElementDef | undefined {
  if (!parent.children.includes(tag)) return undefined;
  return elementTable().find((d) => d.tag === tag && d.context === parent.context && d.parents.includes(parent.tag));
}

/** The contexts in which a tag may stand directly in `<Response>`. */
export function rootContextsOf(tag: string): Context[] {
  return elementTable()
    .filter((d) => d.kind === "root" && d.children.includes(tag))
    .map((d) => d.context);
}

let deciding: Map<string, Context | null> | undefined;

/**
 * The document kind a tag settles when it stands in a `<Response>` of no kind yet: the one kind whose root allows
 * it, or null when it fits every kind (`<Redirect>`) or none. The renderer, the reader and the nesting rules all
 * infer a document's kind from the first child that settles it.
 */
export function decidingContext(tag: string): Context | null {
  deciding ??= new Map();
  let context = deciding.get(tag);
  if (context === undefined) {
    const contexts = rootContextsOf(tag);
    context = contexts.length === 1 ? contexts[0]! : null;
    deciding.set(tag, context);
  }
  return context;
}
