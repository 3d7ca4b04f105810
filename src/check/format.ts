// Prints diagnostics the way tsc does, so that editors' problem matchers and CI annotations that read tsc's
// output read ours too: `file(line,col): error CODE: message`, or tsc's coloured layout with code excerpts.
import type * as TS from "typescript";
import type { CheckDiagnostic } from "./analyze.js";

/** A diagnostic of TypeScript's own, or of the nesting checker. */
export type Reported = TS.Diagnostic | CheckDiagnostic;

export interface FormatOptions {
  readonly pretty: boolean;
  /** Paths are printed relative to it. */
  readonly cwd: string;
}

// Our codes are not numbers, so TypeScript formats a diagnostic of ours under the code 0 and the code is put in
// afterwards: the layout (relative path, position, colours, code excerpt) is then exactly tsc's in both modes.
const PLACEHOLDER = " TS0: ";

export function isError(ts: typeof TS, diagnostic: Reported): boolean {
  return "severity" in diagnostic
    ? diagnostic.severity === "error"
    : diagnostic.category === ts.DiagnosticCategory.Error;
}

function isWarning(ts: typeof TS, diagnostic: Reported): boolean {
  return "severity" in diagnostic
    ? diagnostic.severity === "warning"
    : diagnostic.category === ts.DiagnosticCategory.Warning;
}

/** By file (diagnostics without one first), then position; otherwise in the order given. */
function sortReported(diagnostics: readonly Reported[]): Reported[] {
  return [...diagnostics].sort((a, b) => {
    const fileA = a.file?.fileName ?? "";
    const fileB = b.file?.fileName ?? "";
    if (fileA !== fileB) return fileA < fileB ? -1 : 1;
    return (a.start ?? 0) - (b.start ?? 0);
  });
}

/** The whole report, sorted; the empty string when there is nothing to report. */
export function formatReport(ts: typeof TS, diagnostics: readonly Reported[], options: FormatOptions): string {
  const host: TS.FormatDiagnosticsHost = {
    getCurrentDirectory: () => options.cwd,
    getCanonicalFileName: (fileName) => (ts.sys.useCaseSensitiveFileNames ? fileName : fileName.toLowerCase()),
    getNewLine: () => ts.sys.newLine,
  };
  const sorted = sortReported(diagnostics);
  if (!options.pretty) return sorted.map((diagnostic) => formatOne(ts, diagnostic, host, false)).join("");
  const blocks = sorted.map((diagnostic) => formatOne(ts, diagnostic, host, true) + host.getNewLine());
  return blocks.join("") + summary(ts, sorted, host.getNewLine());
}

function formatOne(ts: typeof TS, diagnostic: Reported, host: TS.FormatDiagnosticsHost, pretty: boolean): string {
  const format = pretty ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  if (!("severity" in diagnostic)) return format([diagnostic], host);
  const category = diagnostic.severity === "error" ? ts.DiagnosticCategory.Error : ts.DiagnosticCategory.Warning;
  const asTypeScript: TS.Diagnostic = {
    file: diagnostic.file,
    start: diagnostic.start,
    length: diagnostic.length,
    category,
    code: 0,
    messageText: diagnostic.message,
  };
  return format([asTypeScript], host).replace(PLACEHOLDER, ` ${diagnostic.code}: `);
}

/** The count tsc prints after a pretty report. */
function summary(ts: typeof TS, diagnostics: readonly Reported[], newLine: string): string {
  const errors = diagnostics.filter((diagnostic) => isError(ts, diagnostic)).length;
  const warnings = diagnostics.filter((diagnostic) => isWarning(ts, diagnostic)).length;
  const counts = [plural(errors, "error"), plural(warnings, "warning")].filter((count) => count !== "");
  return counts.length === 0 ? "" : `${newLine}Found ${counts.join(" and ")}.${newLine}${newLine}`;
}

function plural(count: number, noun: string): string {
  return count === 0 ? "" : `${count} ${noun}${count === 1 ? "" : "s"}`;
}
