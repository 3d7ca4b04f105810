// One answer, for every place in the analysis, to "which expression is this really": the wrappers below change
// a value's static type or grouping but never the value, so a `<Dial>` written as `(<Dial/> as TwiMLElement)!`
// is a Dial wherever it is found (among children, as a component's body, as a forwarded `children`).
import type * as TS from "typescript";
import type { Syntax } from "./host.js";

/** The expression inside parentheses, `as`, `<T>`, `satisfies` and `!`, however deeply nested. */
export function unwrap(syntax: Syntax, expr: TS.Expression): TS.Expression {
  let e = expr;
  while (
    syntax.isParenthesizedExpression(e) ||
    syntax.isAsExpression(e) ||
    syntax.isSatisfiesExpression(e) ||
    syntax.isNonNullExpression(e) ||
    syntax.isTypeAssertionExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}
