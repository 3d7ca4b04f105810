// The checks an element can only make once all its children are written: required content, text-or-children,
// exclusions, child counts and documented text limits.
import { heldProblem, ruleFindings, textTooLong } from "../vocabulary/index.js";
import type { RuntimeElementDef } from "../vocabulary/runtime.js";
import type { Compiled } from "./compile.js";
import { TwiMLError } from "./errors.js";
import type { Frame } from "./state.js";

export function checkContent(form: Compiled, props: Readonly<Record<string, unknown>>, f: Frame): void {
  // Forms without a definition (unlisted elements, the `<Response>` that infers its kind) hold anything.
  if (form.def === null) return;
  const problem = heldProblem(form.def, f.text, f.count);
  if (problem !== undefined) throw new TwiMLError(problem);
  if (form.textLimit !== null && f.length > form.textLimit.max) throw new TwiMLError(textTooLong(form.tag, form.textLimit, f.length));
  if (form.hasRules) checkRules(form.def, props, f);
}

/** Exclusions, lone children and child counts: the rules of `def`, which only a few elements have. */
export function checkRules(def: RuntimeElementDef, props: Readonly<Record<string, unknown>>, f: Frame): void {
  // Twilio goes on past a warning limit; the static tools report it.
  const first = ruleFindings(def, props, f.text, f.tags, false)[0];
  if (first !== undefined) throw new TwiMLError(first.problem);
}
