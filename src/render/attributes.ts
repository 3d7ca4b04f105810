// Attribute serialisation: checks each value against its attribute's type and writes ` name="value"`, escaped.
import { invalidName, invalidValue, missingAttribute, notRenderable, unknownAttribute } from "../vocabulary/index.js";
import { remember, type Compiled, type CompiledAttribute, type Head } from "./compile.js";
import { describe, TwiMLError } from "./errors.js";
import { escapeAttribute } from "./escape.js";
import type { RenderState } from "./state.js";

const hasOwn = Object.hasOwn;

/** A tag or attribute name the escape hatch may write: an XML name with at most one prefix. */
export const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const INTEGER_STRING = /^-?\d+$/;
/** Values are remembered up to this many per attribute; past it they are still written, just not kept. */
const MAX_REMEMBERED = 64;

function expected(a: CompiledAttribute): string {
  switch (a.kind) {
    case "integer":
      return `a whole number${range(a)}`;
    case "integer-list":
      return `a whole number${range(a)} or an array of them`;
    case "boolean":
      return "true or false";
    case "enum":
    case "enum-list": {
      const values = [...a.values!].map((v) => JSON.stringify(v));
      const list = values.length > 12 ? `${values.slice(0, 12).join(", ")}, …` : values.join(", ");
      return a.kind === "enum" ? `one of ${list}` : `one or more of ${list}`;
    }
    case "string":
    case "url":
      return a.pattern !== null ? `a string matching ${a.pattern.source}` : "a string";
  }
}

function range(a: CompiledAttribute): string {
  if (a.min === -Infinity && a.max === Infinity) return "";
  if (a.max === Infinity) return ` of at least ${a.min}`;
  if (a.min === -Infinity) return ` of at most ${a.max}`;
  return ` from ${a.min} to ${a.max}`;
}

function refuse(tag: string, a: CompiledAttribute, v: unknown): never {
  throw new TwiMLError(invalidValue(tag, a.name, describe(v), expected(a)));
}

function everyString(v: readonly unknown[], values: ReadonlySet<string> | null): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== "string" || (values !== null && !values.has(x))) return false;
  }
  return true;
}

function inRange(a: CompiledAttribute, n: number): boolean {
  return n >= a.min && n <= a.max;
}

function everyInteger(a: CompiledAttribute, v: readonly unknown[]): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isInteger(x) || !inRange(a, x as number)) return false;
  }
  return true;
}

/** The whole ` name="value"` string, escaped; throws when the value does not fit the attribute's type. */
function attributeString(s: RenderState, tag: string, a: CompiledAttribute, v: unknown): string {
  const known = a.written.get(v);
  if (known !== undefined) return known.attribute;
  switch (a.kind) {
    case "enum":
    case "boolean":
      // Every valid value was written in advance.
      return refuse(tag, a, v);
    case "integer": {
      const n = typeof v === "number" ? v : typeof v === "string" && INTEGER_STRING.test(v) ? Number(v) : NaN;
      if (Number.isInteger(n) && inRange(a, n)) {
        const written = `${a.prefix}${v as number | string}"`;
        if (a.written.size < MAX_REMEMBERED) remember(a, v, written);
        return written;
      }
      return refuse(tag, a, v);
    }
    case "enum-list":
      if (Array.isArray(v) && everyString(v, a.values)) return `${a.prefix}${v.join(" ")}"`;
      return refuse(tag, a, v);
    case "integer-list":
      if (typeof v === "number" && Number.isInteger(v) && inRange(a, v)) return `${a.prefix}${v}"`;
      if (Array.isArray(v) && everyInteger(a, v)) return `${a.prefix}${v.join(" ")}"`;
      return refuse(tag, a, v);
    case "string":
    case "url": {
      let text: string;
      if (typeof v === "string") text = v;
      else if (typeof v === "number" && Number.isFinite(v)) text = String(v);
      else if (a.separator === "," && Array.isArray(v) && everyString(v, null)) text = v.join(",");
      else return refuse(tag, a, v);
      if (a.pattern !== null && !a.pattern.test(text)) return refuse(tag, a, v);
      const escaped = escapeAttribute(text, s.strict, tag, a.name);
      const written = a.prefix + escaped + '"';
      // Static values (a voice, a callback URL) repeat on every render. Only values that needed no escaping
      // are kept, so strict and lenient renders can share them.
      if (escaped === text && typeof v === "string" && a.written.size < MAX_REMEMBERED) remember(a, v, written);
      return written;
    }
  }
}

/**
 * Checks the attributes and writes the open tag with them, except when it can still be written in one piece:
 * with no attributes, or one whose value was seen before (`<Say voice="man"`). Returns that unwritten tag, or
 * null when `<Tag attributes…` is written. A property another library added to `Object.prototype` is not an
 * attribute.
 */
export function writeAttributes(s: RenderState, form: Compiled, props: Readonly<Record<string, unknown>>): Head | null {
  const tag = form.tag;
  let unlisted: unknown;
  let head: Head | null = form;
  // `for…in` also visits enumerable inherited properties, which JSX props (plain objects) only have when another
  // library added some to `Object.prototype`. Checking every name costs about 8% of a render (measured on the IVR
  // benchmark document), so it is done only then; the render checks `Object.prototype` once.
  for (const name in props) {
    if (name === "children" || (s.inheritedProps && !hasOwn(props, name))) continue;
    const v = props[name];
    if (v === undefined || v === null) continue;
    const a = form.attributes.get(name);
    if (a !== undefined) {
      if (head === form) {
        const known = a.written.get(v);
        if (known !== undefined) {
          head = known;
        } else {
          s.out += form.open;
          s.out += attributeString(s, tag, a, v);
          head = null;
        }
      } else {
        if (head !== null) {
          s.out += head.open;
          head = null;
        }
        s.out += attributeString(s, tag, a, v);
      }
    } else if (name === "unlistedAttributes") {
      unlisted = v;
    } else {
      throw new TwiMLError(unknownAttribute(tag, name, form.attributeNames));
    }
  }
  for (let i = 0; i < form.required.length; i++) {
    const name = form.required[i]!;
    if (ownValue(props, name) === undefined) throw new TwiMLError(missingAttribute(tag, name));
  }
  if (unlisted !== undefined) {
    if (head !== null) s.out += head.open;
    writeUnlistedAttributes(s, form, unlisted);
    return null;
  }
  return head;
}

/** A prop's own value; null and undefined both read as absent. */
export function ownValue(props: Readonly<Record<string, unknown>>, name: string): unknown {
  const v = hasOwn(props, name) ? props[name] : undefined;
  return v === null ? undefined : v;
}

/** Writes the escape hatch's attributes: any XML name not already typed, any string, number or boolean value. */
export function writeUnlistedAttributes(s: RenderState, form: Compiled, attributes: unknown): void {
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
    throw new TwiMLError(notRenderable(describe(attributes), "unlistedAttributes (pass an object of name: value)"));
  }
  for (const name in attributes) {
    if (!hasOwn(attributes, name)) continue;
    const v = (attributes as Record<string, unknown>)[name];
    if (v === undefined || v === null) continue;
    if (!XML_NAME.test(name) || name.toLowerCase().startsWith("xmlns")) {
      throw new TwiMLError(invalidName("attribute", name, "use letters, digits, '_', '-', '.' and at most one ':'"));
    }
    if (form.attributes.has(name)) {
      throw new TwiMLError(invalidName("attribute", name, `<${form.tag}> already has it; use the typed prop`));
    }
    let text: string;
    if (typeof v === "string") text = v;
    else if (typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) text = String(v);
    else throw new TwiMLError(notRenderable(describe(v), `the value of unlisted attribute "${name}"`));
    s.out += ` ${name}="${escapeAttribute(text, s.strict, form.tag, name)}"`;
  }
}
