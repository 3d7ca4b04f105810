// The checks an element can only make once all its children are written: required content, text-or-children,
// exclusions, child counts and documented text limits.
import { childCount, exclusive, missingContent, notAlone, textAndChildren, textTooLong } from "../vocabulary/index.js";
import type { RuntimeElementDef } from "../vocabulary/runtime.js";
import { ownValue } from "./attributes.js";
import type { Compiled } from "./compile.js";
import { TwiMLError } from "./errors.js";
import type { Frame } from "./state.js";

export function checkContent(form: Compiled, props: Readonly<Record<string, unknown>>, f: Frame): void {
  if (form.text === "required" && !f.text) {
    throw new TwiMLError(missingContent(form.tag, `text (${(form.def?.textDoc ?? "its value").replace(/\.$/, "")})`));
  }
  if (form.text === "content" && !f.text && f.count === 0) {
    throw new TwiMLError(missingContent(form.tag, "text or child elements"));
  }
  if (form.textOrChildren && f.text && f.count > 0) throw new TwiMLError(textAndChildren(form.tag, form.allowed));
  if (form.textLimit !== null && f.length > form.textLimit.max) throw new TwiMLError(textTooLong(form.tag, form.textLimit, f.length));
  if (form.hasRules && form.def !== null) checkRules(form.def, props, f);
}

/** Exclusions, lone children and child counts: the rules of `def`, which only a few elements have. */
export function checkRules(def: RuntimeElementDef, props: Readonly<Record<string, unknown>>, f: Frame): void {
  for (const [a, b] of def.exclusive ?? []) {
    const present = (p: string): boolean => (p === "#text" ? f.text : ownValue(props, p) !== undefined);
    if (present(a!) && present(b!)) throw new TwiMLError(exclusive(def.tag, a!, b!));
  }
  if (def.alone !== undefined && f.count > 1) {
    const lonely = f.tags.find((t) => def.alone!.includes(t));
    if (lonely !== undefined) throw new TwiMLError(notAlone(lonely, def.tag));
  }
  for (const child in def.limits ?? {}) {
    const { min, max, severity } = def.limits![child]!;
    // Twilio goes on past a warning limit; the static tools report it.
    if (severity === "warning") continue;
    const n = child === "*" ? f.count : f.tags.filter((t) => t === child).length;
    if ((max !== undefined && n > max) || (min !== undefined && n < min)) {
      throw new TwiMLError(childCount(def.tag, child, n, min, max));
    }
  }
}
