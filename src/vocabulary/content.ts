// The rules on what one element holds, which only hold once all its children are known: the renderer checks
// them as it closes an element (and throws the first), the linter over a read document (and reports them all).
import { childCount, exclusive, missingContent, notAlone, textAndChildren, type Problem } from "./rules.js";
import type { RuntimeElementDef } from "./runtime.js";

export interface ContentFinding {
  readonly problem: Problem;
  /** A limit Twilio only warns about (it drops what is over) is a warning: the renderer does not refuse it. */
  readonly severity: "error" | "warning";
}

/**
 * Missing text or content, or text beside child elements where the element takes one or the other. At most one
 * of them applies to an element: the first two need it empty, the last needs text.
 */
export function heldProblem(def: RuntimeElementDef, text: boolean, count: number): Problem | undefined {
  if (def.text === "required" && !text) return missingContent(def.tag, `text (${(def.textDoc ?? "its value").replace(/\.$/, "")})`);
  if (def.text === "content" && !text && count === 0) return missingContent(def.tag, "text or child elements");
  if (def.textOrChildren === true && text && count > 0) return textAndChildren(def.tag, def.children);
  return undefined;
}

/** Whether `ruleFindings` can find an error for the element: few elements have exclusions, lone children or counts. */
export function hasRules(def: RuntimeElementDef): boolean {
  const limits = Object.values(def.limits ?? {});
  return def.exclusive !== undefined || def.alone !== undefined || limits.some((l) => l.severity !== "warning");
}

const NO_FINDINGS: readonly ContentFinding[] = [];

/** Whether an exclusion's side is there: `#text` for the element's text, else an attribute with a value. */
function present(name: string, attributes: Readonly<Record<string, unknown>>, text: boolean): boolean {
  return name === "#text" ? text : Object.hasOwn(attributes, name) && attributes[name] !== undefined && attributes[name] !== null;
}

/**
 * The element's exclusions, lone children and child counts that it breaks. `attributes` are its attributes (or
 * props), `text` whether it holds text, `tags` its child elements' tags; `warnings` includes the limits Twilio
 * only warns about. Called on every element that has such rules as the renderer closes it, so nothing is
 * allocated when none is broken.
 */
export function ruleFindings(
  def: RuntimeElementDef,
  attributes: Readonly<Record<string, unknown>>,
  text: boolean,
  tags: readonly string[],
  warnings: boolean,
): readonly ContentFinding[] {
  let findings: ContentFinding[] | undefined;
  for (const [a, b] of def.exclusive ?? []) {
    if (present(a!, attributes, text) && present(b!, attributes, text)) {
      (findings ??= []).push({ problem: exclusive(def.tag, a!, b!), severity: "error" });
    }
  }
  if (def.alone !== undefined && tags.length > 1) {
    const lonely = tags.find((t) => def.alone!.includes(t));
    if (lonely !== undefined) (findings ??= []).push({ problem: notAlone(lonely, def.tag), severity: "error" });
  }
  for (const child in def.limits ?? {}) {
    const { min, max, severity = "error" } = def.limits![child]!;
    if (severity === "warning" && !warnings) continue;
    const n = child === "*" ? tags.length : tags.filter((t) => t === child).length;
    if ((max !== undefined && n > max) || (min !== undefined && n < min)) {
      (findings ??= []).push({ problem: childCount(def.tag, child, n, min, max), severity });
    }
  }
  return findings ?? NO_FINDINGS;
}
