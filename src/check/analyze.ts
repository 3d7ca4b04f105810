// The static nesting checker: finds the TwiML elements in a TypeScript program through the type checker and
// applies the vocabulary's nesting rules, with the same codes and messages as the runtime validator. It reads
// the program through `Host` (see host.ts), so one analysis serves every supported TypeScript version.
import type * as TS from "typescript";
import { checkChildren as nestingFindings, type Child } from "../vocabulary/nesting.js";
import { unknownChild, type Code, type Problem } from "../vocabulary/rules.js";
import type { Context } from "../vocabulary/types.js";
import type { Host } from "./host.js";
import { Resolver, type Item } from "./resolve.js";

export type Severity = "error" | "warning";

export interface CheckDiagnostic {
  readonly file: TS.SourceFile;
  /** Offset of the offending JSX element (or expression) in the file. */
  readonly start: number;
  readonly length: number;
  readonly code: Code;
  readonly severity: Severity;
  /** The shared message, without location; `(via <Menu>)` when a component brought the element in. */
  readonly message: string;
}

export interface CheckOptions {
  /** Also report children that cannot be identified (typed only as `JSX.Element`, `any`): TWIML018. */
  readonly strict?: boolean;
}

/** Checks the given files of one program (each must be a TSX or JSX file to be checked at all). */
export function checkFiles(host: Host, files: readonly TS.SourceFile[], options: CheckOptions = {}): CheckDiagnostic[] {
  const resolver = new Resolver(host);
  const checked = files.filter((file) => file.fileName.endsWith(".tsx") || file.fileName.endsWith(".jsx"));
  resolver.prepare(checked);
  const out: CheckDiagnostic[] = [];
  for (const file of checked) out.push(...checkFile(host, resolver, file, options));
  return out;
}

function checkFile(host: Host, resolver: Resolver, file: TS.SourceFile, options: CheckOptions): CheckDiagnostic[] {
  const s = host.syntax;
  const out: CheckDiagnostic[] = [];
  const report = (node: TS.Node, problem: Problem, via: string | undefined, severity: Severity = "error"): void => {
    const start = node.getStart(file);
    const end = s.isJsxElement(node) ? node.openingElement.getEnd() : node.getEnd();
    const message = via === undefined ? problem.message : `${problem.message} (via <${via}>)`;
    out.push({ file, start, length: end - start, code: problem.code, severity, message });
  };

  const visit = (node: TS.Node): void => {
    if (s.isFunctionWithBody(node)) {
      resolver.inside(node, () => s.forEachChild(node, visit));
      return;
    }
    if (s.isJsxElement(node)) {
      const kind = resolver.elementKind(node);
      if (kind.kind === "library") {
        checkChildren(kind.tag, kind.context, resolver.children(node), undefined);
      } else if (kind.kind === "component" && kind.info.forwards.length > 0) {
        const items = resolver.children(node);
        for (const target of kind.info.forwards) checkChildren(target.tag, target.context, items, kind.name);
      }
    }
    s.forEachChild(node, visit);
  };

  function checkChildren(parent: string, context: Context | undefined, items: readonly Item[], via: string | undefined): void {
    const known: Child<TS.Node>[] = [];
    for (const item of items) if (item.tag !== null) known.push({ tag: item.tag, node: item.node, certain: item.certain });
    for (const finding of nestingFindings(parent, context, known)) report(finding.node, finding.problem, via, finding.severity);
    if (options.strict === true) {
      for (const item of items) if (item.tag === null) report(item.node, unknownChild(shown(item.node), parent), via);
    }
  }

  function shown(node: TS.Node): string {
    const shownNode = s.isJsxExpression(node) && node.expression !== undefined ? node.expression : node;
    const text = shownNode.getText(file);
    return text.length > 30 ? `${text.slice(0, 29)}…` : text;
  }

  visit(file);
  return out;
}
