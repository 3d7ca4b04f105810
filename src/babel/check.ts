// The nesting rules the Babel plugin applies to the children it can see in the source: the static checker's
// rules (src/check/analyze.ts) with the same codes and messages, minus the warnings, which never fail a build.
import {
  ELEMENTS,
  SSML_TAGS,
  childCount,
  mixedContext,
  notAllowed,
  notAlone,
  ssmlOutsideSay,
  type Problem,
} from "../vocabulary/index.js";
import type { Context, ElementDef } from "../vocabulary/types.js";

/** A library element written among a parent's children. */
export interface Child<N> {
  readonly tag: string;
  /** What an error points at. */
  readonly node: N;
  /** Whether it is always there (false behind `&&`, `||`, `??`, `?:` and array spreads). */
  readonly certain: boolean;
}

export interface Finding<N> {
  readonly node: N;
  readonly problem: Problem;
}

const ROOTS: Record<Context, ElementDef> = {
  voice: ELEMENTS.find((d) => d.kind === "root" && d.context === "voice")!,
  messaging: ELEMENTS.find((d) => d.kind === "root" && d.context === "messaging")!,
  fax: ELEMENTS.find((d) => d.kind === "root" && d.context === "fax")!,
};

/** A tag's allowed children over all its forms: the source does not say which form (voice or messaging) it is. */
function allowedIn(tag: string): readonly string[] {
  return [...new Set(ELEMENTS.filter((d) => d.tag === tag && d.kind !== "root").flatMap((d) => d.children))];
}

function contextsOf(tag: string): Context[] {
  return (Object.keys(ROOTS) as Context[]).filter((c) => ROOTS[c].children.includes(tag));
}

/** The errors among a library element's children; `context` is the document kind of a fixed `<Response>`. */
export function checkChildren<N>(parent: string, context: Context | undefined, children: readonly Child<N>[]): Finding<N>[] {
  if (parent === "Response") return checkDocument(context, children);
  const out: Finding<N>[] = [];
  const allowed = allowedIn(parent);
  for (const child of children) {
    if (SSML_TAGS.has(child.tag) && parent !== "Say" && !SSML_TAGS.has(parent)) {
      out.push({ node: child.node, problem: ssmlOutsideSay(child.tag, parent) });
    } else if (!allowed.includes(child.tag)) {
      out.push({ node: child.node, problem: notAllowed(child.tag, parent, allowed) });
    }
  }
  out.push(...checkCounts(parent, children));
  return out;
}

function checkDocument<N>(fixed: Context | undefined, children: readonly Child<N>[]): Finding<N>[] {
  const out: Finding<N>[] = [];
  // An inferred `<Response>` takes its kind from the first child that is always there and fits only one kind.
  let decided: Context | undefined = fixed;
  for (const child of children) {
    const contexts = contextsOf(child.tag);
    if (SSML_TAGS.has(child.tag)) {
      out.push({ node: child.node, problem: ssmlOutsideSay(child.tag, "Response") });
    } else if (contexts.length === 0) {
      out.push({ node: child.node, problem: notAllowed(child.tag, "Response", ROOTS[decided ?? "voice"].children) });
    } else if (decided !== undefined && !contexts.includes(decided)) {
      out.push({ node: child.node, problem: mixedContext(child.tag, contexts[0]!, decided) });
    } else if (decided === undefined && contexts.length === 1 && child.certain) {
      decided = contexts[0];
    }
  }
  return out;
}

/** Nouns that must be alone and children limits, counting only the children that are always there. */
function checkCounts<N>(parent: string, children: readonly Child<N>[]): Finding<N>[] {
  const def = ELEMENTS.find((d) => d.tag === parent && (d.alone !== undefined || d.limits !== undefined));
  if (def === undefined) return [];
  const out: Finding<N>[] = [];
  const certain = children.filter((c) => c.certain);
  const alone = def.alone ?? [];
  const lonely = certain.length > 1 ? certain.find((c) => alone.includes(c.tag)) : undefined;
  if (lonely !== undefined) out.push({ node: lonely.node, problem: notAlone(lonely.tag, parent) });
  for (const [tag, { max }] of Object.entries(def.limits ?? {})) {
    const matching = certain.filter((c) => tag === "*" || c.tag === tag);
    if (max !== undefined && matching.length > max) {
      out.push({ node: matching[max]!.node, problem: childCount(parent, tag, matching.length, undefined, max) });
    }
  }
  return out;
}
