// Every problem of a TwiML document at once, without throwing: the renderer's checks stop at the first error,
// which suits code but not a file someone is migrating. The nesting rules come from the vocabulary's shared
// implementation (the one the static checker and the Babel plugin use); the rules on one element (attributes,
// text, exclusions, minimum counts) are the renderer's, applied to attribute text instead of JavaScript values,
// with the vocabulary's messages. Names the renderer would refuse are found by asking the renderer itself.
import { jsx } from "../../jsx-runtime/index.js";
import { Response, TwiMLError, UnlistedElement, render } from "../index.js";
import {
  acceptsText,
  anyRootChildren,
  childOf,
  closest,
  CODES,
  ELEMENTS,
  heldProblem,
  MAX_DOCUMENT_BYTES,
  misplacedProblem,
  missingAttribute,
  notAllowed,
  notTwimlElement,
  rootOf,
  ruleFindings,
  textNotAllowed,
  textTooLong,
  unknownAttribute,
  valueProblem,
  valueRule,
  type Context,
  type Problem,
  type RuntimeElementDef,
} from "../vocabulary/index.js";
import { describe } from "../render/errors.js";
import { checkChildren, type Child } from "../vocabulary/nesting.js";
import { XmlParseError, locator } from "../xml/parse.js";
import { wrongRoot } from "./parse.js";
import { readDocument, typedValue, type ReadDocument, type ReadElement } from "./tree.js";

export interface LintProblem {
  /**
   * `TWIML001`… as the renderer and the static checker report them, `XML001` for a document that is not
   * well-formed XML, or `11750`, the Twilio error for a document over 64 kB.
   */
  readonly code: string;
  /** Warnings (a verb that never runs, a platform limit) do not make the document invalid TwiML. */
  readonly severity: "error" | "warning";
  /** What is wrong and how to fix it, followed by where (`at Response > Gather[0] > Dial`). */
  readonly message: string;
  /** The element at fault, from the root: `Response > Gather[0] > Dial`; empty for the document as a whole. */
  readonly path: string;
  /** 1-based line and column of the element, attribute or XML error; `offset` is the same place in the text. */
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface LintOptions {
  /** Also warn about the limits Twilio only warns about (document size, replies, text length). Default `true`. */
  readonly limits?: boolean;
}

/** Paths longer than this many elements show their first and last few, so a deep document reports in linear space. */
const MAX_PATH = 12;

/**
 * `fn` remembering its results: names repeat within a document (a deep document may repeat one tag a hundred
 * thousand times) and across documents; the bound keeps a long-running linter's memory flat.
 */
function remembered<T>(fn: (key: string) => T): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => {
    if (results.has(key)) return results.get(key)!;
    const result = fn(key);
    if (results.size >= 1024) results.clear();
    results.set(key, result);
    return result;
  };
}

/** The renderer's verdict on an escape-hatch name, `<tag` or `attribute`: the TWIML017 problem it throws, if any. */
const nameProblem = remembered((name: string): Problem | undefined => {
  const element = name.startsWith("<") ? { tag: name.slice(1) } : { tag: "x", attributes: { [name]: "" } };
  try {
    render(jsx(Response, { children: jsx(UnlistedElement, element) }));
  } catch (e) {
    if (e instanceof TwiMLError && e.code === CODES.invalidName) return { code: e.code, message: e.problem };
    throw e;
  }
  return undefined;
});

const KNOWN_TAGS = [...new Set(ELEMENTS.filter((d) => d.kind !== "root").map((d) => d.tag))];

const unknownTag = remembered((tag: string): Problem => notTwimlElement(tag, closest(tag, KNOWN_TAGS)));

/** The path error messages show; beyond `MAX_PATH` elements, the first three and the last ones around "…". */
function pathOf(element: ReadElement): string {
  // As the renderer writes paths: ancestors with their index among their parent's elements, the root and the
  // element at fault without.
  const label = (e: ReadElement): string => (e === element || e.parent === null ? e.tag : `${e.tag}[${e.index}]`);
  const long = element.depth + 1 > MAX_PATH;
  const segments: string[] = [];
  let e: ReadElement | null = element;
  for (let n = long ? MAX_PATH - 4 : MAX_PATH; e !== null && n > 0; n--, e = e.parent) segments.push(label(e));
  if (long) {
    e = e!.top;
    segments.push("…");
    for (; e !== null; e = e.parent) segments.push(label(e));
  }
  return segments.reverse().join(" > ");
}

/** The form whose rules apply to an element: its own, or for a `<Response>` that infers its kind, the voice root's. */
function rulesOf(element: ReadElement, document: ReadDocument): RuntimeElementDef | null {
  if (element.def !== null) return element.def;
  return element.tag === "Response" ? rootOf(document.context ?? "voice") : null;
}

function textOf(element: ReadElement): string {
  return element.children.filter((c) => typeof c === "string").join("");
}

/**
 * Lists every problem of a TwiML document: XML well-formedness, then each TWIML code the renderer would throw
 * (all of them, not only the first), the verbs that never run, and Twilio's platform limits as warnings. Never
 * throws for a bad document.
 *
 * @example
 * lint('<Response><Gather><Dial>+15550100</Dial></Gather></Response>').map((p) => p.message)
 * //=> ["<Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) at Response > Gather[0] > Dial"]
 */
export function lint(xml: string, options?: LintOptions): LintProblem[] {
  let document: ReadDocument;
  try {
    document = readDocument(xml, { positions: true });
  } catch (e) {
    if (!(e instanceof XmlParseError)) throw e;
    return [{ code: "XML001", severity: "error", message: e.message, path: "", line: e.line, column: e.column, offset: e.offset }];
  }
  const locate = locator(xml);
  const problems: LintProblem[] = [];
  const report = (
    problem: Problem | string,
    element: ReadElement | null,
    at: number,
    severity: "error" | "warning" = "error",
    code?: string,
  ): void => {
    const path = element === null ? "" : pathOf(element);
    const text = typeof problem === "string" ? problem : problem.message;
    const message = path === "" ? text : `${text} at ${path}`;
    problems.push({ code: code ?? (problem as Problem).code, severity, message, path, ...locate(at), offset: at });
  };
  const offsetOf = (element: ReadElement, attribute?: string): number => {
    const position = document.positions.get(element.xml)!;
    return (attribute === undefined ? undefined : position.attributes.get(attribute)) ?? position.offset;
  };

  if (document.root.tag !== "Response") {
    const e = wrongRoot(document.root.tag);
    problems.push({ code: e.code, severity: "error", message: e.message, path: "", ...locate(0), offset: 0 });
  }
  const pending: ReadElement[] = [document.root];
  for (let element = pending.pop(); element !== undefined; element = pending.pop()) {
    const elements = element.children.filter((c) => typeof c !== "string");
    for (let i = elements.length - 1; i >= 0; i--) pending.push(elements[i]!);
    const at = offsetOf(element);
    const def = rulesOf(element, document);

    if (def === null) {
      if (element.parent !== null) report(unknownTag(element.tag), element, at);
      const tagName = nameProblem(`<${element.tag}`);
      if (tagName !== undefined) report(tagName, element, at);
      for (const [name] of element.unlisted) {
        const problem = nameProblem(name);
        if (problem !== undefined) report(problem, element, offsetOf(element, name));
      }
      continue;
    }

    const tag = element.tag;
    const known = def.attributes.map((a) => a.name);
    for (const [name, value] of Object.entries(element.xml.attributes)) {
      const a = def.attributes.find((x) => x.name === name);
      if (a === undefined) {
        report(unknownAttribute(tag, name, known), element, offsetOf(element, name));
        const problem = nameProblem(name);
        if (problem !== undefined) report(problem, element, offsetOf(element, name));
      } else if (!acceptsText(valueRule(a), value)) {
        // Shown as the renderer shows the prop `parse` makes of it (`{-1}`, `{"soon"}`), for the same message.
        report(valueProblem(tag, valueRule(a), describe(typedValue(a, value))), element, offsetOf(element, name));
      }
    }
    for (const a of def.attributes) {
      if (a.required === true && element.xml.attributes[a.name] === undefined) report(missingAttribute(tag, a.name), element, at);
    }

    const text = textOf(element);
    if (text !== "" && def.text === "none") {
      report(textNotAllowed(tag, element.children.find((c) => typeof c === "string")!, def.children), element, at);
    }
    const held = heldProblem(def, text !== "", elements.length);
    if (held !== undefined) report(held, element, at);
    // Counts as the renderer makes them, once all children are seen: unknown tags count too.
    const tags = elements.map((c) => c.tag);
    for (const { problem, severity } of ruleFindings(def, element.xml.attributes, text !== "", tags, options?.limits !== false)) {
      report(problem, element, at, severity);
    }
    // Twilio counts text in UTF-16 code units; a limit it only warns about is a warning here too.
    const limit = def.textLimit;
    if (limit !== undefined && text.length > limit.max && (limit.severity === "error" || options?.limits !== false)) {
      report(textTooLong(tag, limit, text.length), element, at, limit.severity);
    }
    if (element.tag === "Response") checkDocument(element, elements, document.context, report, offsetOf);
    else checkPlaces(element, def, elements, report, offsetOf);
  }

  if (options?.limits !== false) limits(document, report);
  return problems.sort((a, b) => a.offset - b.offset);
}

type Report = (problem: Problem, element: ReadElement, at: number, severity?: "error" | "warning") => void;
type LimitReport = (problem: string, element: ReadElement | null, at: number, severity: "warning", code: string) => void;
type OffsetOf = (element: ReadElement) => number;

const isUnlisted = (element: ReadElement): boolean => element.def === null && element.tag !== "Response";

/**
 * The children of a `<Response>` through the vocabulary's shared nesting rules (those of the static checker):
 * misplaced verbs, voice and messaging mixed, verbs that never run.
 */
function checkDocument(
  root: ReadElement,
  elements: readonly ReadElement[],
  context: Context | null,
  report: Report,
  offsetOf: OffsetOf,
): void {
  // Unknown tags are reported on their own; here they only take their place in the order of the verbs.
  const children: Child<ReadElement>[] = elements.map((c) => ({ tag: isUnlisted(c) ? "#unlisted" : c.tag, node: c, certain: true }));
  for (const finding of checkChildren("Response", root.parent === null ? (context ?? undefined) : undefined, children)) {
    const node = finding.node;
    // Counts are checked with every element's, below.
    if (finding.problem.code === CODES.childCount || finding.problem.code === CODES.notAlone) continue;
    if (isUnlisted(node) && finding.problem.code !== CODES.unreachable) continue;
    let problem = { ...finding.problem, message: finding.problem.message.replace("<#unlisted>", `<${node.tag}>`) };
    // A `<Response>` of no kind yet allows the verbs of every kind, and the renderer lists them all.
    if ((root.parent !== null || context === null) && problem.code === CODES.notAllowed) {
      problem = notAllowed(node.tag, "Response", anyRootChildren());
    }
    report(problem, node, offsetOf(node), finding.severity);
  }
}

/** The children of any other element, against the form it takes there, as the renderer places them. */
function checkPlaces(
  element: ReadElement,
  def: RuntimeElementDef,
  elements: readonly ReadElement[],
  report: Report,
  offsetOf: OffsetOf,
): void {
  for (const child of elements) {
    if (isUnlisted(child) || childOf(def, child.tag) !== undefined) continue;
    report(misplacedProblem(child.tag, element.tag, def.children), child, offsetOf(child));
  }
}

function limits(document: ReadDocument, report: LimitReport): void {
  const bytes = new TextEncoder().encode(document.text).length;
  if (bytes > MAX_DOCUMENT_BYTES) {
    const message = `the document is ${bytes} bytes; Twilio refuses TwiML larger than 64 kB (${MAX_DOCUMENT_BYTES} bytes)`;
    report(message, null, 0, "warning", "11750");
  }
}
