// Attribute serialisation: checks each value against its attribute's type and writes ` name="value"`, escaped.
import {
  acceptsInteger,
  acceptsItem,
  acceptsText,
  invalidName,
  missingAttribute,
  notRenderable,
  unknownAttribute,
  valueProblem,
} from "../vocabulary/index.js";
import { remember, type Compiled, type CompiledAttribute, type Head } from "./compile.js";
import { describe, TwiMLError } from "./errors.js";
import { escapeAttribute } from "./escape.js";
import type { RenderState } from "./state.js";

const hasOwn = Object.hasOwn;

/** A tag or attribute name the escape hatch may write: an XML name with at most one prefix. */
export const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
/** Values are remembered up to this many per attribute; past it they are still written, just not kept. */
const MAX_REMEMBERED = 64;

function refuse(tag: string, a: CompiledAttribute, v: unknown): never {
  throw new TwiMLError(valueProblem(tag, a, describe(v)));
}

/** A non-empty array whose items are strings, each one the attribute takes as an item when it has values. */
function everyItem(a: CompiledAttribute, v: readonly unknown[], enumerated: boolean): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== "string" || (enumerated && !acceptsItem(a, x))) return false;
  }
  return true;
}

function everyInteger(a: CompiledAttribute, v: readonly unknown[]): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== "number" || !acceptsInteger(a, x)) return false;
  }
  return true;
}

/**
 * The whole ` name="value"` string of a value not written before, escaped; throws when the value does not fit the
 * attribute's type.
 */
function attributeString(s: RenderState, tag: string, a: CompiledAttribute, v: unknown): string {
  switch (a.kind) {
    case "enum":
    case "boolean":
      // Every valid value was written in advance.
      return refuse(tag, a, v);
    case "integer":
    case "integer-list": {
      // A number, or text as a document holds it (`"5"`, `"1 2"`, which is also how `parse` keeps `"007"`).
      if (typeof v === "number" ? acceptsInteger(a, v) : typeof v === "string" && acceptsText(a, v)) {
        const written = `${a.prefix}${v}"`;
        if (a.written.size < MAX_REMEMBERED) remember(a, v, written);
        return written;
      }
      if (a.kind === "integer-list" && Array.isArray(v) && everyInteger(a, v)) return `${a.prefix}${v.join(" ")}"`;
      return refuse(tag, a, v);
    }
    case "enum-list":
      if (Array.isArray(v) && everyItem(a, v, true)) return `${a.prefix}${v.join(" ")}"`;
      return refuse(tag, a, v);
    case "string":
    case "url": {
      let text: string;
      if (typeof v === "string") text = v;
      else if (typeof v === "number" && Number.isFinite(v)) text = String(v);
      else if (a.separator === "," && Array.isArray(v) && everyItem(a, v, false)) text = v.join(",");
      else return refuse(tag, a, v);
      if (!acceptsText(a, text)) return refuse(tag, a, v);
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
      const known = a.written.get(v);
      if (known !== undefined && head === form) {
        // The first attribute, with a value seen before: the open tag may still be written in one piece.
        head = known;
        continue;
      }
      if (head !== null) {
        s.out += head.open;
        head = null;
      }
      s.out += known !== undefined ? known.attribute : attributeString(s, tag, a, v);
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
