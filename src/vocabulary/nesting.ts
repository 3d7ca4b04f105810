// The nesting rules for tools that see children in source code rather than at run time: the static checker
// (through the types) and the Babel plugin (as written). One implementation, so both report the same codes and
// messages. Children are abstract: `N` is whatever a tool points its diagnostics at.
import { decidingContext, ELEMENTS, ENDS_DOCUMENT, isSsmlTag, misplacedProblem, rootContextsOf, rootOf } from "./index.js";
import { childCount, mixedContext, notAllowed, notAlone, ssmlOutsideSay, unreachable, type Problem } from "./rules.js";
import type { Context } from "./types.js";

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
  /** Warnings (a verb that never runs) point at dead code; they fail nothing. */
  readonly severity: "error" | "warning";
}

/** `compute`, worked out once per tag: a checked project asks about the same few tags over and over. */
function perTag<V>(compute: (tag: string) => V): (tag: string) => V {
  const known = new Map<string, V>();
  return (tag) => {
    if (!known.has(tag)) known.set(tag, compute(tag));
    return known.get(tag) as V;
  };
}

/** A tag's allowed children over all its forms: the source does not say which form (voice or messaging) it is. */
const allowedIn = perTag((tag): readonly string[] => [
  ...new Set(ELEMENTS.filter((d) => d.tag === tag && d.kind !== "root").flatMap((d) => d.children)),
]);

/** The document kinds whose `<Response>` allows a tag. */
const rootsOf = perTag((tag): readonly Context[] => rootContextsOf(tag));

/** The form of a tag that limits its children (which must be alone, how many of a tag), if any. */
const countingForm = perTag((tag) => ELEMENTS.find((d) => d.tag === tag && (d.alone !== undefined || d.limits !== undefined)));

/** The errors among a library element's children; `context` is the document kind of a fixed `<Response>`. */
export function checkChildren<N>(parent: string, context: Context | undefined, children: readonly Child<N>[]): Finding<N>[] {
  if (parent === "Response") return checkDocument(context, children);
  const out: Finding<N>[] = [];
  const allowed = allowedIn(parent);
  for (const child of children) {
    if ((isSsmlTag(child.tag) && parent !== "Say" && !isSsmlTag(parent)) || !allowed.includes(child.tag)) {
      out.push({ node: child.node, problem: misplacedProblem(child.tag, parent, allowed), severity: "error" });
    }
  }
  out.push(...checkCounts(parent, children));
  return out;
}

function checkDocument<N>(fixed: Context | undefined, children: readonly Child<N>[]): Finding<N>[] {
  const out: Finding<N>[] = [];
  // An inferred `<Response>` takes its kind from the first child that is always there and fits only one kind.
  let decided: Context | undefined = fixed;
  // Verbs after one that is always there and ends the document never run.
  let endedBy: string | undefined;
  for (const child of children) {
    if (endedBy !== undefined) out.push({ node: child.node, problem: unreachable(child.tag, endedBy), severity: "warning" });
    const contexts = rootsOf(child.tag);
    if (isSsmlTag(child.tag)) {
      out.push({ node: child.node, problem: ssmlOutsideSay(child.tag, "Response"), severity: "error" });
    } else if (contexts.length === 0) {
      out.push({ node: child.node, problem: notAllowed(child.tag, "Response", rootOf(decided ?? "voice").children), severity: "error" });
    } else if (decided !== undefined && !contexts.includes(decided)) {
      out.push({ node: child.node, problem: mixedContext(child.tag, contexts[0]!, decided), severity: "error" });
    } else if (decided === undefined && child.certain) {
      decided = decidingContext(child.tag) ?? undefined;
    }
    if (child.certain && ENDS_DOCUMENT.includes(child.tag) && endedBy === undefined) endedBy = child.tag;
  }
  // Only a messaging document counts its replies; in another kind a `<Message>` is already an error.
  if (decided === undefined || decided === "messaging") out.push(...checkCounts("Response", children));
  return out;
}

/** Nouns that must be alone and children limits, counting only the children that are always there. */
function checkCounts<N>(parent: string, children: readonly Child<N>[]): Finding<N>[] {
  const def = countingForm(parent);
  if (def === undefined) return [];
  const out: Finding<N>[] = [];
  const certain = children.filter((c) => c.certain);
  const alone = def.alone ?? [];
  const lonely = certain.length > 1 ? certain.find((c) => alone.includes(c.tag)) : undefined;
  if (lonely !== undefined) out.push({ node: lonely.node, problem: notAlone(lonely.tag, parent), severity: "error" });
  for (const [tag, { max, severity }] of Object.entries(def.limits ?? {})) {
    const matching = certain.filter((c) => tag === "*" || c.tag === tag);
    if (max !== undefined && matching.length > max) {
      const problem = childCount(parent, tag, matching.length, undefined, max);
      out.push({ node: matching[max]!.node, problem, severity: severity ?? "error" });
    }
  }
  return out;
}
