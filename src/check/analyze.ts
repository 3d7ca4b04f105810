// The static nesting checker: finds the TwiML elements in a TypeScript program through the type checker and
// applies the vocabulary's nesting rules, with the same codes and messages as the runtime validator. It reads
// the program through `Host` (see host.ts), so one analysis serves every supported TypeScript version.
import type * as TS from "typescript";
import { checkChildren as nestingFindings, type Child } from "../vocabulary/nesting.js";
import { rootProblem } from "../vocabulary/rules.js";
import { unknownChild, type Code, type Problem } from "../vocabulary/rules.js";
import type { Context } from "../vocabulary/types.js";
import type { Host } from "./host.js";
import { Resolver, type Item, type Outside, type Step } from "./resolve.js";
import { walked } from "./walked.js";

export type Severity = "error" | "warning";

export interface CheckDiagnostic {
  readonly file: TS.SourceFile;
  /** Offset of the offending JSX element (or expression) in the file. */
  readonly start: number;
  readonly length: number;
  readonly code: Code;
  readonly severity: Severity;
  /** The shared message, without location; `(via <Menu>)` when a user component brought the element in. */
  readonly message: string;
}

export interface CheckOptions {
  /** Also report children that cannot be identified (typed only as `JSX.Element`, `any`): TWIML018. */
  readonly strict?: boolean;
}

/** Checks the given files of one program (each must be a TSX or JSX file to be checked at all). */
export function checkFiles(host: Host, files: readonly TS.SourceFile[], options: CheckOptions = {}): CheckDiagnostic[] {
  const resolver = new Resolver(host);
  const checked = files
    .filter((file) => file.fileName.endsWith(".tsx") || file.fileName.endsWith(".jsx"))
    .map((file) => ({ file, walked: walked(file) }));
  const steps = resolver.prepare(checked);
  const out: CheckDiagnostic[] = [];
  for (const [i, { file }] of checked.entries()) out.push(...checkFile(host, resolver, file, steps[i]!, options));
  return out;
}

/**
 * Which components a diagnostic's element came through: the one written at the spot that renders it, the one
 * whose `children` put it inside the parent, or both (`(via <Transfer> inside <Menu>)`).
 */
function note(renderedBy: string | undefined, forwardedBy: string | undefined): string {
  if (renderedBy === undefined) return forwardedBy === undefined ? "" : ` (via <${forwardedBy}>)`;
  return forwardedBy === undefined ? ` (via <${renderedBy}>)` : ` (via <${renderedBy}> inside <${forwardedBy}>)`;
}

function checkFile(host: Host, resolver: Resolver, file: TS.SourceFile, steps: readonly Step[], options: CheckOptions): CheckDiagnostic[] {
  const s = host.syntax;
  const out: CheckDiagnostic[] = [];
  /** `forwardedBy`: the component whose `children` put the item among the parent's. */
  const report = (item: Item, problem: Problem, forwardedBy: string | undefined, severity: Severity = "error"): void => {
    const node = item.node;
    const start = node.getStart(file);
    const end = s.isJsxElement(node) ? node.openingElement.getEnd() : node.getEnd();
    out.push({ file, start, length: end - start, code: problem.code, severity, message: problem.message + note(item.via, forwardedBy) });
  };

  /** Takes a step of the file's walk (see `Resolver.prepare`). */
  const take = (step: Step, entered: Outside[]): void => {
    switch (step.kind) {
      case "enter":
        entered.push(resolver.enter(step.node));
        return;
      case "leave":
        resolver.leave(entered.pop()!);
        return;
      case "render": {
        const [first] = step.node.arguments;
        if (first === undefined || !isRender(step.node.expression)) return;
        for (const item of resolver.valueItems(first, first)) {
          const problem = item.tag === null ? undefined : rootProblem(item.tag);
          if (problem !== undefined) report(item, problem, undefined);
        }
        return;
      }
      case "element": {
        const kind = resolver.elementKind(step.node);
        if (kind.kind === "library") {
          checkChildren(kind.tag, kind.context, resolver.children(step.node), undefined);
        } else if (kind.kind === "component" && kind.info.forwards.length > 0) {
          const items = resolver.children(step.node);
          for (const target of kind.info.forwards) checkChildren(target.tag, target.context, items, kind.name);
        }
      }
    }
  };

  function checkChildren(parent: string, context: Context | undefined, items: readonly Item[], forwardedBy: string | undefined): void {
    const known: Child<Item>[] = [];
    for (const item of items) if (item.tag !== null) known.push({ tag: item.tag, node: item, certain: item.certain });
    for (const finding of nestingFindings(parent, context, known)) report(finding.node, finding.problem, forwardedBy, finding.severity);
    if (options.strict === true) {
      for (const item of items) if (item.tag === null) report(item, unknownChild(shown(item.node), parent), forwardedBy);
    }
  }

  /**
   * Whether a callee named `render` (see `isRenderName`) is the library's `render(element, options?:
   * RenderOptions)`: only calls so named are resolved, as asking the checker about every call would cost
   * TypeScript 7 a round trip each.
   */
  function isRender(callee: TS.Expression): boolean {
    return resolver.declarationsOf(callee).some((d) => {
      if (!s.isFunctionDeclaration(d) || d.name?.text !== "render") return false;
      const options = d.parameters[1]?.type;
      return options !== undefined && options.getText() === "RenderOptions";
    });
  }

  function shown(node: TS.Node): string {
    const shownNode = s.isJsxExpression(node) && node.expression !== undefined ? node.expression : node;
    const text = shownNode.getText(file);
    return text.length > 30 ? `${text.slice(0, 29)}…` : text;
  }

  const entered: Outside[] = [];
  for (const step of steps) take(step, entered);
  return out;
}
