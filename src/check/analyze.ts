// The static nesting checker: finds the TwiML elements in a TypeScript program through the type checker and
// applies the vocabulary's nesting rules, with the same codes and messages as the runtime validator.
// Only `import type` from typescript here: the caller passes the compiler module it loaded (the CLI its own,
// the editor plugin tsserver's), and importing the runtime never loads the compiler.
import type * as TS from "typescript";
import {
  ELEMENTS,
  ENDS_DOCUMENT,
  SSML_TAGS,
  mixedContext,
  notAllowed,
  notAlone,
  childCount,
  ssmlOutsideSay,
  unknownChild,
  unreachable,
  type Code,
  type Problem,
} from "../vocabulary/index.js";
import type { Context, ElementDef } from "../vocabulary/types.js";
import { Resolver, type Item, type TypeScript } from "./resolve.js";

export type Severity = "error" | "warning";

export interface CheckDiagnostic {
  readonly file: TS.SourceFile;
  /** Offset of the offending JSX element (or expression) in the file. */
  readonly start: number;
  readonly length: number;
  readonly code: Code;
  readonly severity: Severity;
  /** The shared message, without location; `(via <Menu>)` when the child was forwarded through a component. */
  readonly message: string;
}

export interface CheckOptions {
  /** Also report children that cannot be identified (typed only as `JSX.Element`, `any`): TWIML018. */
  readonly strict?: boolean;
}

const ROOTS: Record<Context, ElementDef> = {
  voice: ELEMENTS.find((d) => d.kind === "root" && d.context === "voice")!,
  messaging: ELEMENTS.find((d) => d.kind === "root" && d.context === "messaging")!,
  fax: ELEMENTS.find((d) => d.kind === "root" && d.context === "fax")!,
};

/** A tag's allowed children over all its forms: the checker does not always know which form it has. */
function allowedIn(tag: string): readonly string[] {
  return [...new Set(ELEMENTS.filter((d) => d.tag === tag && d.kind !== "root").flatMap((d) => d.children))];
}

function contextsOf(tag: string): Context[] {
  return (Object.keys(ROOTS) as Context[]).filter((c) => ROOTS[c].children.includes(tag));
}

/** Checks every TSX file of the program that is not a declaration file or inside node_modules. */
export function checkProgram(ts: TypeScript, program: TS.Program, options: CheckOptions = {}): CheckDiagnostic[] {
  const resolver = new Resolver(ts, program);
  const out: CheckDiagnostic[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
    out.push(...checkFile(ts, resolver, file, options));
  }
  return out;
}

/** Checks one file of the program. */
export function checkSourceFile(
  ts: TypeScript,
  program: TS.Program,
  file: TS.SourceFile,
  options: CheckOptions = {},
): CheckDiagnostic[] {
  return checkFile(ts, new Resolver(ts, program), file, options);
}

function checkFile(ts: TypeScript, resolver: Resolver, file: TS.SourceFile, options: CheckOptions): CheckDiagnostic[] {
  if (!file.fileName.endsWith(".tsx") && !file.fileName.endsWith(".jsx")) return [];
  const out: CheckDiagnostic[] = [];
  const report = (node: TS.Node, problem: Problem, via: string | undefined, severity: Severity = "error"): void => {
    const start = node.getStart(file);
    const end = ts.isJsxElement(node) ? node.openingElement.getEnd() : node.getEnd();
    const message = via === undefined ? problem.message : `${problem.message} (via <${via}>)`;
    out.push({ file, start, length: end - start, code: problem.code, severity, message });
  };

  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) && (node as TS.FunctionLikeDeclaration).body !== undefined) {
      resolver.inside(node as TS.FunctionLikeDeclaration, () => ts.forEachChild(node, visit));
      return;
    }
    if (ts.isJsxElement(node)) {
      const kind = resolver.elementKind(node);
      if (kind.kind === "library") {
        checkChildren(kind.tag, kind.context, resolver.children(node), undefined);
      } else if (kind.kind === "component" && kind.info.forwards.length > 0) {
        const items = resolver.children(node);
        for (const target of kind.info.forwards) checkChildren(target.tag, target.context, items, kind.name);
      }
    }
    ts.forEachChild(node, visit);
  };

  function checkChildren(parent: string, context: Context | undefined, items: readonly Item[], via: string | undefined): void {
    if (parent === "Response") {
      checkDocument(context, items, via);
    } else {
      const allowed = allowedIn(parent);
      for (const item of items) {
        if (item.tag === null) continue;
        if (SSML_TAGS.has(item.tag) && parent !== "Say" && !SSML_TAGS.has(parent)) report(item.node, ssmlOutsideSay(item.tag, parent), via);
        else if (!allowed.includes(item.tag)) report(item.node, notAllowed(item.tag, parent, allowed), via);
      }
      checkCounts(parent, items, via);
    }
    if (options.strict === true) {
      for (const item of items) if (item.tag === null) report(item.node, unknownChild(shown(item.node), parent), via);
    }
  }

  function checkDocument(fixed: Context | undefined, items: readonly Item[], via: string | undefined): void {
    let decided: Context | undefined = fixed;
    let endedBy: string | undefined;
    for (const item of items) {
      const tag = item.tag;
      if (tag === null) continue;
      if (endedBy !== undefined) report(item.node, unreachable(tag, endedBy), via, "warning");
      const contexts = contextsOf(tag);
      if (SSML_TAGS.has(tag)) {
        report(item.node, ssmlOutsideSay(tag, "Response"), via);
      } else if (contexts.length === 0) {
        const root = ROOTS[decided ?? "voice"];
        report(item.node, notAllowed(tag, "Response", root.children), via);
      } else if (decided !== undefined && !contexts.includes(decided)) {
        report(item.node, mixedContext(tag, contexts[0]!, decided), via);
      } else if (decided === undefined && contexts.length === 1 && item.certain) {
        decided = contexts[0];
      }
      if (item.certain && ENDS_DOCUMENT.includes(tag) && endedBy === undefined) endedBy = tag;
    }
  }

  function checkCounts(parent: string, items: readonly Item[], via: string | undefined): void {
    const def = ELEMENTS.find((d) => d.tag === parent && (d.alone !== undefined || d.limits !== undefined));
    if (def === undefined) return;
    const certain = items.filter((i) => i.certain && i.tag !== null);
    if (def.alone !== undefined && certain.length > 1) {
      const lonely = certain.find((i) => def.alone!.includes(i.tag!));
      if (lonely !== undefined) report(lonely.node, notAlone(lonely.tag!, parent), via);
    }
    for (const [child, { max }] of Object.entries(def.limits ?? {})) {
      const matching = certain.filter((i) => child === "*" || i.tag === child);
      if (max !== undefined && matching.length > max) report(matching[max]!.node, childCount(parent, child, matching.length, undefined, max), via);
    }
  }

  function shown(node: TS.Node): string {
    const shownNode = ts.isJsxExpression(node) && node.expression !== undefined ? node.expression : node;
    const text = shownNode.getText(file);
    return text.length > 30 ? `${text.slice(0, 29)}…` : text;
  }

  visit(file);
  return out;
}
