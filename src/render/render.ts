import { ELEMENT, Fragment, type TwiMLElement } from "../element.js";
import {
  childCount,
  exclusive,
  invalidName,
  invalidValue,
  isSsmlTag,
  missingAttribute,
  missingContent,
  mixedContext,
  notAllowed,
  notAlone,
  notRenderable,
  rootContextsOf,
  ssmlOutsideSay,
  textAndChildren,
  textNotAllowed,
  unknownAttribute,
  unknownElement,
} from "../vocabulary/index.js";
import type { Context } from "../vocabulary/types.js";
import {
  BOOLEAN,
  ENUM,
  ENUM_LIST,
  INTEGER,
  INTEGER_LIST,
  TEXT_CONTENT,
  TEXT_NONE,
  TEXT_REQUIRED,
  UNLISTED,
  childForm,
  documentRoot,
  remember,
  type Compiled,
  type CompiledAttribute,
  type Head,
} from "./compile.js";
import { TwiMLError } from "./errors.js";
import { escapeAttribute, escapeOptions, escapeText } from "./escape.js";
import type { PrecompiledTemplate } from "./precompiled.js";
import { indent } from "./pretty.js";

export interface RenderOptions {
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>`, as Twilio's builder does. Default `true`. */
  declaration?: boolean;
  /** Indent nested elements for reading (a number of spaces or a string). Elements holding text stay on one line. */
  indent?: number | string;
  /**
   * Throw a `TWIML014` error on characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE,
   * U+FFFF) instead of dropping them. Default `false`: they are removed so the document always parses.
   */
  strict?: boolean;
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

/** Per-element bookkeeping, reused by depth so a render allocates none. */
interface Frame {
  /** Child elements so far. */
  count: number;
  /** Whether non-empty text was written. */
  text: boolean;
  /** Tags of the child elements, kept only for elements with count or exclusion rules. */
  tags: string[];
}

let out = "";
/** Nothing owed: the last element's open tag is complete, or closed. */
const NONE = 0;
/** `<Tag attributes…` is written and still needs `>` (content follows) or `/>` (it stays empty). */
const OPEN = 1;
/**
 * Nothing of the open tag is written yet; `bare` holds it whole (the tag alone, or with its one attribute), as
 * `<Tag…>` and `<Tag…/>`, to be written in one piece. Every piece appended to the output is a node V8 must visit
 * when it flattens the string, so fewer pieces render faster.
 */
const BARE = 2;
let pending = NONE;
let bare: Head | null = null;

/** What completes the open tag before content; nothing is owed after it. */
function takeOpening(): string {
  const opening = pending === OPEN ? ">" : bare!.openEnd;
  pending = NONE;
  return opening;
}

/** Completes the open tag before content. */
function openContent(): void {
  out += takeOpening();
}
/** The document kind as far as the children of an inferring `<Response>` have told it. */
let documentContext: Context | null = null;
let depth = 0;
let frames: Frame[] = [];

function frameAt(d: number): Frame {
  let f = frames[d];
  if (f === undefined) {
    f = { count: 0, text: false, tags: [] };
    frames[d] = f;
  } else {
    f.count = 0;
    f.text = false;
    if (f.tags.length !== 0) f.tags.length = 0;
  }
  return f;
}

function shown(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return `[${v.map(shown).join(", ")}]`;
  if (typeof v === "object" && v !== null) return "an object";
  return String(v);
}

function expected(a: CompiledAttribute): string {
  switch (a.kind) {
    case INTEGER:
      return "a whole number";
    case INTEGER_LIST:
      return "a whole number or an array of them";
    case BOOLEAN:
      return "true or false";
    case ENUM:
    case ENUM_LIST: {
      const values = [...a.values!].map((v) => JSON.stringify(v));
      const list = values.length > 12 ? `${values.slice(0, 12).join(", ")}, …` : values.join(", ");
      return a.kind === ENUM ? `one of ${list}` : `one or more of ${list}`;
    }
    default:
      return a.pattern !== null ? `a string matching ${a.pattern.source}` : "a string";
  }
}

function bad(tag: string, a: CompiledAttribute, v: unknown): never {
  throw new TwiMLError(invalidValue(tag, a.name, shown(v), expected(a)));
}

const INTEGER_STRING = /^-?\d+$/;
/** Values are remembered up to this many per attribute; past it they are still written, just not kept. */
const MAX_REMEMBERED = 64;

function everyString(v: readonly unknown[], values: ReadonlySet<string> | null): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== "string" || (values !== null && !values.has(x))) return false;
  }
  return true;
}

function everyInteger(v: readonly unknown[]): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (!Number.isInteger(v[i])) return false;
  return true;
}

/** The whole ` name="value"` string, escaped; throws when the value does not fit the attribute's type. */
function attributeString(tag: string, a: CompiledAttribute, v: unknown): string {
  const known = a.written.get(v);
  if (known !== undefined) return known.attribute;
  switch (a.kind) {
    case ENUM:
    case BOOLEAN:
      // Every valid value was written in advance.
      return bad(tag, a, v);
    case INTEGER:
      if (typeof v === "number" ? Number.isInteger(v) : typeof v === "string" && INTEGER_STRING.test(v)) {
        const s = `${a.prefix}${v}"`;
        if (a.written.size < MAX_REMEMBERED) remember(a, v, s);
        return s;
      }
      return bad(tag, a, v);
    case ENUM_LIST:
      if (Array.isArray(v) && everyString(v, a.values)) return `${a.prefix}${v.join(" ")}"`;
      return bad(tag, a, v);
    case INTEGER_LIST:
      if (typeof v === "number" && Number.isInteger(v)) return `${a.prefix}${v}"`;
      if (Array.isArray(v) && everyInteger(v)) return `${a.prefix}${v.join(" ")}"`;
      return bad(tag, a, v);
    default: {
      let s: string;
      if (typeof v === "string") s = v;
      else if (typeof v === "number" && Number.isFinite(v)) s = String(v);
      else if (a.separator === "," && Array.isArray(v) && everyString(v, null)) s = v.join(",");
      else return bad(tag, a, v);
      if (a.pattern !== null && !a.pattern.test(s)) return bad(tag, a, v);
      escapeOptions.tag = tag;
      escapeOptions.attribute = a.name;
      const escaped = escapeAttribute(s);
      const written = a.prefix + escaped + '"';
      // Static values (a voice, a callback URL) repeat on every render. Only values that needed no escaping
      // are kept, so strict and lenient renders can share them.
      if (escaped === s && typeof v === "string" && a.written.size < MAX_REMEMBERED) remember(a, v, written);
      return written;
    }
  }
}

/**
 * Checks the attributes and writes the open tag with them, except when it can still be written in one piece:
 * with no attributes, or one whose value was seen before (`<Say voice="man"`). Returns that unwritten tag, or
 * null when `<Tag attributes…` is written.
 */
function writeAttributes(form: Compiled, props: Readonly<Record<string, unknown>>): Head | null {
  const tag = form.tag;
  let unlisted: unknown;
  let head: Head | null = form;
  for (const name in props) {
    if (name === "children") continue;
    const v = props[name];
    if (v === undefined || v === null) continue;
    const a = form.attributes.get(name);
    if (a !== undefined) {
      if (head === form) {
        const known = a.written.get(v);
        if (known !== undefined) {
          head = known;
        } else {
          out += form.open;
          out += attributeString(tag, a, v);
          head = null;
        }
      } else {
        if (head !== null) {
          out += head.open;
          head = null;
        }
        out += attributeString(tag, a, v);
      }
    } else if (name === "unlistedAttributes") {
      unlisted = v;
    } else {
      throw new TwiMLError(unknownAttribute(tag, name, form.attributeNames));
    }
  }
  for (let i = 0; i < form.required.length; i++) {
    const name = form.required[i]!;
    if (props[name] === undefined || props[name] === null) throw new TwiMLError(missingAttribute(tag, name));
  }
  if (unlisted !== undefined) {
    if (head !== null) out += head.open;
    writeUnlistedAttributes(form, unlisted);
    return null;
  }
  return head;
}

function writeUnlistedAttributes(form: Compiled, attributes: unknown): void {
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
    throw new TwiMLError(notRenderable(shown(attributes), "unlistedAttributes (pass an object of name: value)"));
  }
  for (const name in attributes) {
    const v = (attributes as Record<string, unknown>)[name];
    if (v === undefined || v === null) continue;
    if (!XML_NAME.test(name) || name.toLowerCase().startsWith("xmlns")) {
      throw new TwiMLError(invalidName("attribute", name, "use letters, digits, '_', '-', '.' and at most one ':'"));
    }
    if (form.attributes.has(name)) {
      throw new TwiMLError(invalidName("attribute", name, `<${form.tag}> already has it; use the typed prop`));
    }
    let s: string;
    if (typeof v === "string") s = v;
    else if (typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) s = String(v);
    else throw new TwiMLError(notRenderable(shown(v), `the value of unlisted attribute "${name}"`));
    escapeOptions.tag = form.tag;
    escapeOptions.attribute = name;
    out += ` ${name}="${escapeAttribute(s)}"`;
  }
}

function writeText(s: string, parent: Compiled, frame: Frame): void {
  if (s === "") return;
  if (parent.text === TEXT_NONE) throw new TwiMLError(textNotAllowed(parent.tag, s, parent.allowed));
  escapeOptions.tag = parent.tag;
  escapeOptions.attribute = "";
  const escaped = escapeText(s);
  if (escaped !== "") writeEscaped(escaped, frame);
}

/** Writes text that is escaped already, or needs no escaping (a number's digits). */
function writeEscaped(escaped: string, frame: Frame): void {
  frame.text = true;
  // One piece rather than two when the text is short: V8 copies concatenations under 13 characters.
  out += pending !== NONE ? takeOpening() + escaped : escaped;
}

/** A finite number or a bigint, as text: its digits, signs, `.` and `e` never need escaping. */
function writeNumber(s: string, parent: Compiled, frame: Frame): void {
  if (parent.text === TEXT_NONE) throw new TwiMLError(textNotAllowed(parent.tag, s, parent.allowed));
  writeEscaped(s, frame);
}

function renderChild(node: unknown, parent: Compiled, frame: Frame): void {
  switch (typeof node) {
    case "string":
      writeText(node, parent, frame);
      return;
    case "object":
      if (node === null) return;
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) renderChild(node[i], parent, frame);
        return;
      }
      if ((node as TwiMLElement).$$typeof === ELEMENT) {
        renderElement(node as TwiMLElement, parent, frame);
        return;
      }
      break;
    case "number":
      if (Number.isFinite(node)) {
        writeNumber(String(node), parent, frame);
        return;
      }
      break;
    case "bigint":
      writeNumber(String(node), parent, frame);
      return;
    case "boolean":
    case "undefined":
      return;
  }
  throw new TwiMLError(notRenderable(shown(node), `a child of <${parent.tag}>`));
}

/** Why `tag` cannot stand in `parent`, in the most helpful of the shared messages. */
function misplaced(tag: string, parent: Compiled): TwiMLError {
  if (isSsmlTag(tag) && parent.tag !== "Say" && !isSsmlTag(parent.tag)) {
    return new TwiMLError(ssmlOutsideSay(tag, parent.tag));
  }
  if (parent.def?.kind === "root" || parent.infers) {
    const contexts = rootContextsOf(tag);
    const documentKind = parent.context ?? documentContext;
    if (contexts.length > 0 && documentKind !== null && !contexts.includes(documentKind)) {
      return new TwiMLError(mixedContext(tag, contexts[0]!, documentKind));
    }
  }
  if (!isSsmlTag(tag) && !isKnownTag(tag)) {
    return new TwiMLError(unknownElement(tag, "is not a TwiML element (use UnlistedElement for tags newer than this library)"));
  }
  return new TwiMLError(notAllowed(tag, parent.tag, parent.allowed));
}

/** Whether the vocabulary knows the tag at all (an unlisted parent resolves every known tag but roots). */
function isKnownTag(tag: string): boolean {
  return tag === "Response" || childForm(UNLISTED, tag) !== null;
}

function renderElement(node: TwiMLElement, parent: Compiled, frame: Frame): void {
  const type = node.type as { twimlTag?: string; twimlContext?: Context } | string;
  let tag: string;
  if (typeof type === "function") {
    const t = (type as { twimlTag?: string }).twimlTag;
    if (t === undefined) {
      // A user component (or a Fragment): what it returns stands where it is used.
      renderChild(type === Fragment ? node.props.children : (type as (p: unknown) => unknown)(node.props), parent, frame);
      return;
    }
    tag = t;
  } else if (typeof type === "string") {
    tag = type;
  } else {
    throw new TwiMLError(notRenderable(shown(type), `an element type inside <${parent.tag}>`));
  }
  // A precompiled element stands for its tag; a precompiled document is a `<Response>`, misplaced anywhere
  // but at the root.
  let template: PrecompiledTemplate | undefined;
  if (tag === "#precompiled") {
    template = node.props.template as PrecompiledTemplate;
    tag = template.tag ?? "Response";
  }
  const index = frame.count++;
  if (parent.hasRules) frame.tags.push(tag);
  try {
    let form: Compiled | null;
    if (tag === "#unlisted") {
      form = null;
    } else {
      form = childForm(parent, tag);
      if (form === null) throw misplaced(tag, parent);
      if (parent.infers && form.context !== documentContext) inferContext(tag, form.context!);
    }
    if (template !== undefined && form !== null) {
      if (pending !== NONE) openContent();
      emitPrecompiled(template, node.props.values as readonly unknown[], form);
    } else {
      emit(form, node.props);
    }
  } catch (e) {
    if (e instanceof TwiMLError) {
      const shownTag = tag === "#unlisted" ? String(node.props.tag) : tag;
      e.segments.push(e.segments.length === 0 ? shownTag : `${shownTag}[${index}]`);
    }
    throw e;
  }
}

let neutralTags: ReadonlySet<string> | undefined;

/** Tags valid in both voice and messaging documents (`<Redirect>`) say nothing about the kind. */
function inferContext(tag: string, context: Context): void {
  neutralTags ??= new Set(documentRoot(null).allowed.filter((t) => rootContextsOf(t).length > 1));
  if (neutralTags.has(tag)) return;
  if (documentContext === null) documentContext = context;
  else throw new TwiMLError(mixedContext(tag, context, documentContext));
}

/** Writes one element: its attributes, its children, and the checks that need all of them. */
function emit(form: Compiled | null, props: Readonly<Record<string, unknown>>): void {
  if (pending !== NONE) openContent();
  let own: Compiled;
  if (form === null) {
    own = UNLISTED;
    const name = props.tag;
    if (typeof name !== "string" || !XML_NAME.test(name) || name.toLowerCase().startsWith("xml")) {
      throw new TwiMLError(invalidName("tag", String(name), "UnlistedElement needs tag= a valid XML name"));
    }
    out += `<${name}`;
    if (props.attributes !== undefined && props.attributes !== null) writeUnlistedAttributes(UNLISTED, props.attributes);
    pending = OPEN;
  } else {
    own = form;
    const head = writeAttributes(form, props);
    if (head === null) {
      pending = OPEN;
    } else {
      pending = BARE;
      bare = head;
    }
  }
  const f = frameAt(++depth);
  // No try/finally: when a child throws, render() restores the depth for the next call.
  renderChild(props.children, own, f);
  depth--;
  if (form !== null) checkContent(form, props, f);
  if (pending !== NONE) {
    out += pending === OPEN ? "/>" : bare!.empty;
    pending = NONE;
  } else {
    out += form === null ? `</${props.tag as string}>` : form.close;
  }
}

function checkContent(form: Compiled, props: Readonly<Record<string, unknown>>, f: Frame): void {
  if (form.text === TEXT_REQUIRED && !f.text) {
    throw new TwiMLError(missingContent(form.tag, `text (${(form.def?.textDoc ?? "its value").replace(/\.$/, "")})`));
  }
  if (form.text === TEXT_CONTENT && !f.text && f.count === 0) {
    throw new TwiMLError(missingContent(form.tag, "text or child elements"));
  }
  if (form.textOrChildren && f.text && f.count > 0) throw new TwiMLError(textAndChildren(form.tag, form.allowed));
  if (form.hasRules) checkRules(form, props, f);
}

function checkRules(form: Compiled, props: Readonly<Record<string, unknown>>, f: Frame): void {
  const def = form.def!;
  for (const [a, b] of def.exclusive ?? []) {
    const present = (p: string): boolean => (p === "#text" ? f.text : props[p] !== undefined && props[p] !== null);
    if (present(a!) && present(b!)) throw new TwiMLError(exclusive(form.tag, a!, b!));
  }
  if (def.alone !== undefined && f.count > 1) {
    const lonely = f.tags.find((t) => def.alone!.includes(t));
    if (lonely !== undefined) throw new TwiMLError(notAlone(lonely, form.tag));
  }
  for (const child in def.limits ?? {}) {
    const { min, max } = def.limits![child]!;
    const n = child === "*" ? f.count : f.tags.filter((t) => t === child).length;
    if ((max !== undefined && n > max) || (min !== undefined && n < min)) {
      throw new TwiMLError(childCount(form.tag, child, n, min, max));
    }
  }
}

/** The root form for a document element: its fixed kind, or the `<Response>` that infers it from its children. */
function rootForm(node: TwiMLElement): Compiled {
  const type = node.type as { twimlTag?: string; twimlContext?: Context } | string;
  let tag = typeof type === "string" ? type : type.twimlTag;
  if (tag === "#precompiled") tag = (node.props.template as PrecompiledTemplate).tag;
  if (tag !== "Response") {
    throw new TwiMLError(
      unknownElement(String(tag), "cannot be the root: render a <VoiceResponse>, <MessagingResponse> or <Response>"),
    );
  }
  return documentRoot((type as { twimlContext?: Context }).twimlContext);
}

/** Follows user components and fragments at the top until the `<Response>` element they produce. */
function unwrapRoot(node: unknown): TwiMLElement {
  let current = node;
  for (;;) {
    if (Array.isArray(current) && current.length === 1) {
      current = current[0];
      continue;
    }
    if (typeof current !== "object" || current === null || (current as TwiMLElement).$$typeof !== ELEMENT) {
      throw new TwiMLError(notRenderable(shown(current), "a document (render expects a <Response> element)"));
    }
    const el = current as TwiMLElement;
    const type = el.type;
    if (typeof type === "function" && (type as { twimlTag?: string }).twimlTag === undefined) {
      current = type === Fragment ? el.props.children : (type as (p: unknown) => unknown)(el.props);
      continue;
    }
    return el;
  }
}

/** The parent form of each hole of a template, resolved once per template and base form. */
const holeForms = new WeakMap<PrecompiledTemplate, Map<Compiled, Compiled[]>>();

function formsOf(template: PrecompiledTemplate, base: Compiled): Compiled[] {
  let byBase = holeForms.get(template);
  if (byBase === undefined) {
    byBase = new Map();
    holeForms.set(template, byBase);
  }
  let forms = byBase.get(base);
  if (forms === undefined) {
    forms = template.holes.map((hole) => {
      let form = base;
      for (const tag of hole.chain) form = childForm(form, tag)!;
      return form;
    });
    byBase.set(base, forms);
  }
  return forms;
}

/**
 * Writes a precompiled document or element: its static parts as they are (validated and escaped at build
 * time), and each hole rendered as a child of its parent element, with the checks and error paths of the
 * uncompiled source. `base` is the form the hole chains start from: the document root, or the element's form.
 */
function emitPrecompiled(template: PrecompiledTemplate, values: readonly unknown[], base: Compiled): void {
  const forms = formsOf(template, base);
  const outer = depth;
  out += template.parts[0]!;
  for (let i = 0; i < template.holes.length; i++) {
    const hole = template.holes[i]!;
    // The hole's parent takes the next frame; elements the hole renders take the frames below it.
    depth = outer + 1;
    const f = frameAt(depth);
    f.count = hole.before;
    // The parent has static text (the compiler only makes holes there), so its tag is already closed.
    f.text = true;
    pending = NONE;
    try {
      renderChild(values[i], forms[i]!, f);
      depth = outer;
    } catch (e) {
      if (e instanceof TwiMLError && hole.chain.length > 0) {
        const last = hole.chain.length - 1;
        e.segments.push(e.segments.length === 0 ? hole.chain[last]! : `${hole.chain[last]}[${hole.indexes[last]}]`);
        for (let j = last - 1; j >= 0; j--) e.segments.push(`${hole.chain[j]}[${hole.indexes[j]}]`);
      }
      throw e;
    }
    out += template.parts[i + 1]!;
  }
}

/**
 * Renders a TwiML document to the XML string Twilio expects, checking it against the vocabulary on the way.
 * Throws a `TwiMLError` naming the element, the attribute and the fix when the document is not valid TwiML.
 *
 * @example
 * render(<VoiceResponse><Say voice="woman">Hello</Say></VoiceResponse>)
 * //=> '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="woman">Hello</Say></Response>'
 */
export function render(element: TwiMLElement, options?: RenderOptions): string {
  // A component may itself call render(); keep the outer render's state apart.
  const saved = { out, pending, bare, documentContext, depth, frames, strict: escapeOptions.strict };
  if (depth !== 0) frames = [];
  out = "";
  pending = NONE;
  documentContext = null;
  depth = 0;
  escapeOptions.strict = options?.strict === true;
  try {
    const root = unwrapRoot(element);
    const isPrecompiled =
      (root.type as { twimlTag?: string }).twimlTag === "#precompiled" && (root.props.template as PrecompiledTemplate).tag === undefined;
    const form = isPrecompiled ? null : rootForm(root);
    try {
      if (form === null) {
        const template = root.props.template as PrecompiledTemplate;
        emitPrecompiled(template, root.props.values as readonly unknown[], documentRoot(template.context));
      } else {
        documentContext = form.context;
        emit(form, root.props);
      }
    } catch (e) {
      if (e instanceof TwiMLError) e.segments.push("Response");
      throw e;
    }
    let xml = out;
    if (options?.indent !== undefined) xml = indent(xml, options.indent);
    if (options?.declaration === false) return xml;
    return options?.indent !== undefined ? `${DECLARATION}\n${xml}` : DECLARATION + xml;
  } catch (e) {
    if (e instanceof TwiMLError) e.locate();
    throw e;
  } finally {
    out = saved.out;
    pending = saved.pending;
    bare = saved.bare;
    documentContext = saved.documentContext;
    depth = saved.depth;
    frames = saved.frames;
    escapeOptions.strict = saved.strict;
  }
}
