// What an attribute value must be, in one place: the renderer checks the JavaScript values of props with it and
// the linter the text of attributes, and both report the same TWIML005 message.
import { invalidValue, type Problem } from "./rules.js";
import type { RuntimeAttributeDef } from "./runtime.js";
import type { AttributeType } from "./types.js";

/** An attribute definition prepared for checking values: sets and regular expressions built once. */
export interface ValueRule {
  readonly name: string;
  readonly kind: AttributeType;
  /** The only values an enum takes, or the only items an enum list takes. */
  readonly values: ReadonlySet<string> | null;
  readonly pattern: RegExp | null;
  /** What separates the items of a list: a space, or a comma for a string that also takes an array. */
  readonly separator: string;
  /** The documented range of an integer; infinite where unbounded. */
  readonly min: number;
  readonly max: number;
}

/** Attribute text that is a whole number, sign and digits only (`1e3` and `1.0` are not). */
const INTEGER = /^-?[0-9]+$/;

const rules = new WeakMap<RuntimeAttributeDef, ValueRule>();

/** The rule of an attribute definition, made once per definition. */
export function valueRule(a: RuntimeAttributeDef): ValueRule {
  let rule = rules.get(a);
  if (rule === undefined) {
    rule = {
      name: a.name,
      kind: a.type,
      values: a.values === undefined ? null : new Set(a.values),
      pattern: a.pattern === undefined ? null : new RegExp(a.pattern),
      separator: a.separator ?? " ",
      min: a.min ?? -Infinity,
      max: a.max ?? Infinity,
    };
    rules.set(a, rule);
  }
  return rule;
}

/**
 * Whether a number is a whole number in the attribute's range. Safe integers only: past 2^53 a number
 * stringifies as `1e+21`, which is not a whole number to Twilio (or to `acceptsText`).
 */
export function acceptsInteger(rule: ValueRule, n: number): boolean {
  return Number.isSafeInteger(n) && n >= rule.min && n <= rule.max;
}

/** Whether one item of an enum or enum list is one of its values. */
export function acceptsItem(rule: ValueRule, item: string): boolean {
  return rule.values!.has(item);
}

function acceptsIntegerText(rule: ValueRule, text: string): boolean {
  return INTEGER.test(text) && acceptsInteger(rule, Number(text));
}

/** Whether attribute text, as it stands in a document, is valid for the attribute. Lists are space-separated. */
export function acceptsText(rule: ValueRule, text: string): boolean {
  switch (rule.kind) {
    case "integer":
      return acceptsIntegerText(rule, text);
    case "integer-list":
      return text.split(" ").every((item) => acceptsIntegerText(rule, item));
    case "boolean":
      return text === "true" || text === "false";
    case "enum":
      return acceptsItem(rule, text);
    case "enum-list":
      return text.split(" ").every((item) => acceptsItem(rule, item));
    case "string":
    case "url":
      return rule.pattern === null || rule.pattern.test(text);
  }
}

function range(rule: ValueRule): string {
  if (rule.min === -Infinity && rule.max === Infinity) return "";
  if (rule.max === Infinity) return ` of at least ${rule.min}`;
  if (rule.min === -Infinity) return ` of at most ${rule.max}`;
  return ` from ${rule.min} to ${rule.max}`;
}

/** What the attribute takes, as error messages say it: `a whole number from 1 to 99`, `one of "GET", "POST"`. */
export function expectedValue(rule: ValueRule): string {
  switch (rule.kind) {
    case "integer":
      return `a whole number${range(rule)}`;
    case "integer-list":
      return `a whole number${range(rule)} or an array of them`;
    case "boolean":
      return "true or false";
    case "enum":
    case "enum-list": {
      // Long enums (voices, languages) show their first values: the message names the attribute to look up.
      const values = [...rule.values!].map((v) => JSON.stringify(v));
      const list = values.length > 12 ? `${values.slice(0, 12).join(", ")}, …` : values.join(", ");
      return rule.kind === "enum" ? `one of ${list}` : `one or more of ${list}`;
    }
    case "string":
    case "url":
      return rule.pattern !== null ? `a string matching ${rule.pattern.source}` : "a string";
  }
}

/** TWIML005 for a value of the attribute, shown as the author wrote it (`"soon"`, `-1`, `[1, 2]`). */
export function valueProblem(tag: string, rule: ValueRule, shown: string): Problem {
  return invalidValue(tag, rule.name, shown, expectedValue(rule));
}
