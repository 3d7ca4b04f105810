import { ELEMENT, type TwiMLElement } from "../element.js";
import {
  decidingContext,
  invalidName,
  isSsmlTag,
  misplacedProblem,
  mixedContext,
  notRenderable,
  notTwimlElement,
  rootContextsOf,
  rootProblem,
  textNotAllowed,
  tooDeep,
} from "../vocabulary/index.js";
import type { Context } from "../vocabulary/types.js";
import { ownValue, writeAttributes, writeUnlistedAttributes, XML_NAME } from "./attributes.js";
import { childForm, documentRoot, UNLISTED, type Compiled } from "./compile.js";
import { checkContent } from "./content.js";
import { addSegment, atOrigin, describe, locate, TwiMLError } from "./errors.js";
import { escapeText } from "./escape.js";
import type { PrecompiledTemplate } from "./precompiled.js";
import { indent, indentStep } from "./pretty.js";
import {
  BARE,
  frameAt,
  newState,
  NONE,
  OPEN,
  prototypeHasEnumerables,
  takeOpening,
  type Frame,
  type Owed,
  type RenderState,
} from "./state.js";

export interface RenderOptions {
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>`, as Twilio's builder does. Default `true`. */
  declaration?: boolean | undefined;
  /**
   * Indent nested elements for reading: a number of spaces (0–16) or a string of spaces and tabs. Elements
   * holding text stay on one line.
   */
  indent?: number | string | undefined;
  /**
   * Throw a `TWIML014` error on characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE,
   * U+FFFF) instead of dropping them. Default `false`: they are removed so the document always parses.
   */
  strict?: boolean | undefined;
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Elements and user components nested deeper than this are refused with a `TWIML019` error. Real documents
 * nest a handful of levels; the bound keeps a runaway recursion from ending in a bare stack overflow (about
 * 2,000 levels on Node's default stack), whichever way the components are written.
 */
const MAX_NESTING = 1000;

const hasOwn = Object.hasOwn;

/** Writes text that is escaped already, or needs no escaping (a number's digits). */
function writeEscaped(s: RenderState, escaped: string, frame: Frame): void {
  frame.text = true;
  // One piece rather than two when the text is short: V8 copies concatenations under 13 characters.
  s.out += s.owed !== NONE ? takeOpening(s) + escaped : escaped;
}

function writeText(s: RenderState, text: string, parent: Compiled, frame: Frame): void {
  if (text === "") return;
  if (parent.text === "none") throw new TwiMLError(textNotAllowed(parent.tag, text, parent.allowed));
  frame.length += text.length;
  const escaped = escapeText(text, s.strict, parent.tag);
  if (escaped !== "") writeEscaped(s, escaped, frame);
}

/** A finite number or a bigint, as text: its digits, signs, `.` and `e` never need escaping. */
function writeNumber(s: RenderState, digits: string, parent: Compiled, frame: Frame): void {
  if (parent.text === "none") throw new TwiMLError(textNotAllowed(parent.tag, digits, parent.allowed));
  frame.length += digits.length;
  writeEscaped(s, digits, frame);
}

function renderChild(s: RenderState, node: unknown, parent: Compiled, frame: Frame): void {
  switch (typeof node) {
    case "string":
      writeText(s, node, parent, frame);
      return;
    case "object":
      if (node === null) return;
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const item: unknown = node[i];
          // Text and elements, nearly every item, without a second dispatch (measured a few percent of a render).
          if (typeof item === "string") writeText(s, item, parent, frame);
          else if (typeof item === "object" && item !== null && (item as TwiMLElement).$$typeof === ELEMENT) {
            renderElement(s, item as TwiMLElement, parent, frame);
          } else renderChild(s, item, parent, frame);
        }
        return;
      }
      if ((node as TwiMLElement).$$typeof === ELEMENT) {
        renderElement(s, node as TwiMLElement, parent, frame);
        return;
      }
      break;
    case "number":
      if (Number.isFinite(node)) {
        writeNumber(s, String(node), parent, frame);
        return;
      }
      break;
    case "bigint":
      writeNumber(s, String(node), parent, frame);
      return;
    case "boolean":
    case "undefined":
      return;
  }
  throw new TwiMLError(notRenderable(describe(node), `a child of <${parent.tag}>`));
}

/** Why `tag` cannot stand in `parent`, in the most helpful of the shared messages. */
function misplaced(s: RenderState, tag: string, parent: Compiled): TwiMLError {
  // SSML outside `<Say>` says the most; then a verb of the other kind of document, then a tag that is no TwiML.
  const outsideSay = isSsmlTag(tag) && parent.tag !== "Say" && !isSsmlTag(parent.tag);
  if (!outsideSay && (parent.def?.kind === "root" || parent.infers)) {
    const contexts = rootContextsOf(tag);
    const documentKind = parent.context ?? s.documentContext;
    if (contexts.length > 0 && documentKind !== null && !contexts.includes(documentKind)) {
      return new TwiMLError(mixedContext(tag, contexts[0]!, documentKind));
    }
  }
  if (!isSsmlTag(tag) && !isKnownTag(tag)) return new TwiMLError(notTwimlElement(tag));
  return new TwiMLError(misplacedProblem(tag, parent.tag, parent.allowed));
}

/** Whether the vocabulary knows the tag at all (an unlisted parent resolves every known tag but roots). */
function isKnownTag(tag: string): boolean {
  return tag === "Response" || childForm(UNLISTED, tag) !== null;
}

/** Props as the element carries them: own properties only, so `Object.prototype` additions never count. */
function childrenOf(s: RenderState, props: Readonly<Record<string, unknown>>): unknown {
  return !s.inheritedProps || hasOwn(props, "children") ? props.children : undefined;
}

/** Calls a user component; what it returns stands where it is used. */
function expand(s: RenderState, component: (props: unknown) => unknown, node: TwiMLElement, parent: Compiled, frame: Frame): void {
  if (++s.components + s.depth > MAX_NESTING) throw new TwiMLError(tooDeep(MAX_NESTING));
  renderChild(s, component(node.props), parent, frame);
  s.components--;
}

function renderElement(s: RenderState, node: TwiMLElement, parent: Compiled, frame: Frame): void {
  const type = node.type;
  let tag: string;
  if (typeof type === "function") {
    const t = (type as { twimlTag?: string }).twimlTag;
    if (t === undefined) {
      expand(s, type as (props: unknown) => unknown, node, parent, frame);
      return;
    }
    tag = t;
  } else if (typeof type === "string") {
    tag = type;
  } else {
    throw new TwiMLError(notRenderable(describe(type), `an element type inside <${parent.tag}>`));
  }
  // A precompiled element stands for its tag; a precompiled document is a `<Response>`, misplaced anywhere
  // but at the root.
  const template = tag === "#precompiled" ? (node.props.template as PrecompiledTemplate) : undefined;
  if (template !== undefined) tag = template.tag ?? "Response";
  const index = frame.count++;
  if (parent.hasRules) frame.tags.push(tag);
  try {
    if (tag === "#unlisted") {
      emitUnlisted(s, node.props);
      return;
    }
    const form = childForm(parent, tag);
    if (form === null) throw misplaced(s, tag, parent);
    if (parent.infers && form.context !== s.documentContext) inferContext(s, tag, form.context!);
    if (template === undefined) {
      emit(s, form, node.props);
    } else {
      if (s.owed !== NONE) s.out += takeOpening(s);
      emitPrecompiled(s, template, node.props.values as readonly unknown[], form);
    }
  } catch (e) {
    if (e instanceof TwiMLError) {
      const shownTag = tag === "#unlisted" ? String(node.props.tag) : tag;
      addSegment(e, atOrigin(e) ? shownTag : `${shownTag}[${index}]`);
    }
    throw e;
  }
}

/** The first child that settles the kind of an inferring `<Response>` fixes it; a child of another kind is an error. */
function inferContext(s: RenderState, tag: string, context: Context): void {
  if (decidingContext(tag) === null) return;
  if (s.documentContext === null) s.documentContext = context;
  else throw new TwiMLError(mixedContext(tag, context, s.documentContext));
}

/** Writes one element of the vocabulary: its attributes, its children, and the checks that need all of them. */
function emit(s: RenderState, form: Compiled, props: Readonly<Record<string, unknown>>): void {
  if (s.owed !== NONE) s.out += takeOpening(s);
  const head = writeAttributes(s, form, props);
  if (head === null) {
    s.owed = OPEN;
  } else {
    s.owed = BARE;
    s.bare = head;
  }
  // The children inline, not in a helper: every function active here is a frame of a nesting error's stack
  // trace, which Node cuts at ten.
  const f = enter(s);
  renderChild(s, childrenOf(s, props), form, f);
  s.depth--;
  checkContent(form, props, f, s.documentContext);
  close(s, form.close);
}

/** Writes an `UnlistedElement`: any valid XML name, any attributes, any children. */
function emitUnlisted(s: RenderState, props: Readonly<Record<string, unknown>>): void {
  if (s.owed !== NONE) s.out += takeOpening(s);
  const name = props.tag;
  if (typeof name !== "string" || !XML_NAME.test(name) || name.toLowerCase().startsWith("xml")) {
    throw new TwiMLError(invalidName("tag", String(name), "UnlistedElement needs tag= a valid XML name"));
  }
  s.out += `<${name}`;
  const attributes = ownValue(props, "attributes");
  if (attributes !== undefined) writeUnlistedAttributes(s, UNLISTED, attributes);
  s.owed = OPEN;
  renderChild(s, childrenOf(s, props), UNLISTED, enter(s));
  s.depth--;
  close(s, `</${name}>`);
}

/** Goes one level down for an element's children; returns the bookkeeping of what they will be. */
function enter(s: RenderState): Frame {
  // No try/finally around the children: a render that throws is abandoned whole, with its state.
  if (++s.depth + s.components > MAX_NESTING) throw new TwiMLError(tooDeep(MAX_NESTING));
  return frameAt(s, s.depth);
}

/** Ends an element: `/>` when nothing was written inside it, else its end tag. */
function close(s: RenderState, end: string): void {
  // The children may have completed the open tag: read what is owed now, not what was set before them.
  const owed: Owed = s.owed as Owed;
  if (owed === NONE) {
    s.out += end;
  } else {
    s.out += owed === OPEN ? "/>" : s.bare!.empty;
    s.owed = NONE;
  }
}

/** The root form for a document element: its fixed kind, or the `<Response>` that infers it from its children. */
function rootForm(node: TwiMLElement): Compiled {
  const type = node.type as { twimlTag?: string; twimlContext?: Context } | string;
  let tag = typeof type === "string" ? type : type.twimlTag;
  if (tag === "#precompiled") tag = (node.props.template as PrecompiledTemplate).tag;
  const problem = rootProblem(String(tag));
  if (problem !== undefined) throw new TwiMLError(problem);
  return documentRoot((type as { twimlContext?: Context }).twimlContext);
}

/** Follows user components and fragments at the top until the `<Response>` element they produce. */
function unwrapRoot(node: unknown): TwiMLElement {
  let current = node;
  for (let expanded = 0; ; ) {
    if (Array.isArray(current) && current.length === 1) {
      current = current[0];
      continue;
    }
    if (typeof current !== "object" || current === null || (current as TwiMLElement).$$typeof !== ELEMENT) {
      throw new TwiMLError(notRenderable(describe(current), "a document (render expects a <Response> element)"));
    }
    const el = current as TwiMLElement;
    const type = el.type;
    if (typeof type === "function" && (type as { twimlTag?: string }).twimlTag === undefined) {
      if (++expanded > MAX_NESTING) throw new TwiMLError(tooDeep(MAX_NESTING));
      current = (type as (p: unknown) => unknown)(el.props);
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
function emitPrecompiled(s: RenderState, template: PrecompiledTemplate, values: readonly unknown[], base: Compiled): void {
  const forms = formsOf(template, base);
  const outer = s.depth;
  s.out += template.parts[0]!;
  for (let i = 0; i < template.holes.length; i++) {
    const hole = template.holes[i]!;
    // The hole's parent takes the next frame; elements the hole renders take the frames below it.
    s.depth = outer + 1;
    const f = frameAt(s, s.depth);
    f.count = hole.before;
    // The parent has static text (the compiler only makes holes there), so its tag is already closed.
    f.text = true;
    s.owed = NONE;
    try {
      renderChild(s, values[i], forms[i]!, f);
      s.depth = outer;
    } catch (e) {
      if (e instanceof TwiMLError && hole.chain.length > 0) {
        const last = hole.chain.length - 1;
        addSegment(e, atOrigin(e) ? hole.chain[last]! : `${hole.chain[last]}[${hole.indexes[last]}]`);
        for (let j = last - 1; j >= 0; j--) addSegment(e, `${hole.chain[j]}[${hole.indexes[j]}]`);
      }
      throw e;
    }
    s.out += template.parts[i + 1]!;
  }
}

/** The state the next render starts from; a render takes it, and gives it back when it ends. */
let spare: RenderState | null = null;

function stateFor(strict: boolean): RenderState {
  const s = spare ?? newState();
  // A render inside a component (or after one that threw) gets its own state; this one is in use.
  spare = null;
  s.out = "";
  s.owed = NONE;
  s.bare = null;
  s.documentContext = null;
  s.depth = 0;
  s.components = 0;
  s.strict = strict;
  s.inheritedProps = prototypeHasEnumerables();
  return s;
}

function writeDocument(s: RenderState, element: TwiMLElement): void {
  const root = unwrapRoot(element);
  const template =
    (root.type as { twimlTag?: string }).twimlTag === "#precompiled" ? (root.props.template as PrecompiledTemplate) : undefined;
  const document = template !== undefined && template.tag === undefined;
  const form = document ? documentRoot(template.context) : rootForm(root);
  try {
    if (document) {
      emitPrecompiled(s, template, root.props.values as readonly unknown[], form);
    } else {
      s.documentContext = form.context;
      emit(s, form, root.props);
    }
  } catch (e) {
    if (e instanceof TwiMLError) addSegment(e, "Response");
    throw e;
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
  const step = options?.indent === undefined ? undefined : indentStep(options.indent);
  const s = stateFor(options?.strict === true);
  try {
    writeDocument(s, element);
  } catch (e) {
    if (e instanceof TwiMLError) locate(e);
    throw e;
  } finally {
    // Given back whole or half-written alike: the next render resets it before use.
    spare = s;
  }
  let xml = s.out;
  s.out = "";
  if (step !== undefined) xml = indent(xml, step);
  if (options?.declaration === false) return xml;
  return step !== undefined ? `${DECLARATION}\n${xml}` : DECLARATION + xml;
}
