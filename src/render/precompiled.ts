import { createElement, type TwiMLElement } from "../element.js";
import type { Context } from "../vocabulary/types.js";

/** Where a hole sits: the tags from the root's child down to the hole's parent, with each one's index. */
export interface PrecompiledHole {
  readonly chain: readonly string[];
  readonly indexes: readonly number[];
  /** Element children of the parent written before the hole (the index the hole's first element gets). */
  readonly before: number;
}

/**
 * A document compiled at build time by `twiml-jsx/babel`: the compact XML of its static parts, already
 * validated and escaped, around holes for the values written as expressions.
 */
export interface PrecompiledTemplate {
  /** The fixed document kind of the root, or null for `<Response>` (documents only). */
  readonly context: Context | null;
  /** For a precompiled element rather than a whole document: its tag. Hole chains then start below it. */
  readonly tag?: string;
  readonly parts: readonly string[];
  readonly holes: readonly PrecompiledHole[];
}

/** The component that marks a precompiled document. Not for hand use: `twiml-jsx/babel` writes the calls. */
export function Precompiled(): TwiMLElement {
  throw new Error("Precompiled documents are rendered by render(), not called");
}
Precompiled.twimlTag = "#precompiled";

/** A precompiled document with its hole values. Called by code that `twiml-jsx/babel` generates. */
export function precompiled(template: PrecompiledTemplate, values: readonly unknown[]): TwiMLElement {
  return createElement(Precompiled, { template, values });
}
