// The checks an element can only make once all its children are written: required content, text-or-children,
// exclusions, child counts and documented text limits.
import { heldProblem, ruleFindings, textTooLong } from "../vocabulary/index.js";
import type { RuntimeElementDef } from "../vocabulary/runtime.js";
import type { Context } from "../vocabulary/types.js";
import { documentRoot, type Compiled } from "./compile.js";
import { TwiMLError } from "./errors.js";
import type { Frame } from "./state.js";

/**
 * Checks an element whose children are written. `documentContext` is the kind of document as far as known: an
 * inferring `<Response>` checks the rules of the kind its children made it.
 */
export function checkContent(form: Compiled, props: Readonly<Record<string, unknown>>, f: Frame, documentContext: Context | null): void {
  // Forms without a definition (the `<Response>` that infers its kind) hold anything of the kind they turn out to be.
  if (form.def === null) {
    if (form.infers && form.hasRules && documentContext !== null) checkRules(documentRoot(documentContext).def!, props, f);
    return;
  }
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
