import type { AttributeDef, ElementDef } from "./types.js";

// The published runtime ships the vocabulary without its documentation (editor hover and docs/elements.md
// have their own copy): the build keeps only these fields. Code on the rendering path reads the table through
// `RuntimeElementDef`, so reading a field the build strips is a compile error, not an `undefined` at run time.

/** The element fields the runtime table keeps (`attributes` is kept too, with `RUNTIME_ATTRIBUTE_FIELDS`). */
export const RUNTIME_ELEMENT_FIELDS = [
  "tag",
  "context",
  "kind",
  "parents",
  "children",
  "text",
  "textOrChildren",
  "alone",
  "limits",
  "exclusive",
  "textDoc",
  "textLimit",
] as const satisfies readonly (keyof ElementDef)[];

/** The attribute fields the runtime table keeps. */
export const RUNTIME_ATTRIBUTE_FIELDS = [
  "name",
  "type",
  "values",
  "separator",
  "required",
  "pattern",
  "min",
  "max",
] as const satisfies readonly (keyof AttributeDef)[];

export type RuntimeAttributeDef = Pick<AttributeDef, (typeof RUNTIME_ATTRIBUTE_FIELDS)[number]>;

export interface RuntimeElementDef extends Pick<ElementDef, (typeof RUNTIME_ELEMENT_FIELDS)[number]> {
  readonly attributes: readonly RuntimeAttributeDef[];
}
