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

/** Verbs after which nothing in the same document runs. */
export const ENDS_DOCUMENT: readonly string[] = ["Hangup", "Reject", "Redirect"];

let ssmlTags: ReadonlySet<string> | undefined;

/** Whether a tag is SSML, written as a lower-case intrinsic JSX element. */
export function isSsmlTag(tag: string): boolean {
  ssmlTags ??= new Set(elementTable().filter((d) => d.kind === "ssml").map((d) => d.tag));
  return ssmlTags.has(tag);
}

/** The document root of a context. */
export function rootOf(context: Context): RuntimeElementDef {
  return elementTable().find((d) => d.kind === "root" && d.context === context)!;
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
