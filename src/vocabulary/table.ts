import { ELEMENTS } from "./elements.js";
import type { RuntimeElementDef } from "./runtime.js";

/**
 * The element table, for code on the rendering path. The published runtime replaces this module with one that
 * parses its copy of the table on the first call, so that importing the package parses nothing.
 */
export function elementTable(): readonly RuntimeElementDef[] {
  return ELEMENTS;
}
