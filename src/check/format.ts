// Prints diagnostics the way tsc does, so that editors' problem matchers and CI annotations that read tsc's
// output read ours too: `file(line,col): error CODE: message`, or tsc's coloured layout with code excerpts.
// Written out here rather than borrowed from the compiler: TypeScript 7 has no formatter in JavaScript, and the
// report must read the same whichever TypeScript checked the project.
import { EOL } from "node:os";
import { relative } from "node:path";
import type { Reported, ReportedFile } from "./host.js";

export interface FormatOptions {
  readonly pretty: boolean;
  /** Paths are printed relative to it. */
  readonly cwd: string;
}

// tsc's colours (src/compiler/program.ts, ForegroundColorEscapeSequences).
const RESET = "\u001b[0m";
const GREY = "\u001b[90m";
const RED = "\u001b[91m";
const YELLOW = "\u001b[93m";
const BLUE = "\u001b[94m";
const CYAN = "\u001b[96m";
const GUTTER = "\u001b[7m";
const COLOUR: Record<Reported["severity"], string> = { error: RED, warning: YELLOW, suggestion: GREY, message: BLUE };

export function isError(diagnostic: Reported): boolean {
  return diagnostic.severity === "error";
}

/** By file (diagnostics without one first), then position; otherwise in the order given. */
function sortReported(diagnostics: readonly Reported[]): Reported[] {
  return [...diagnostics].sort((a, b) => {
    const fileA = a.file?.fileName ?? "";
    const fileB = b.file?.fileName ?? "";
    if (fileA !== fileB) return fileA < fileB ? -1 : 1;
    return a.start - b.start;
  });
}

/** The whole report, sorted; the empty string when there is nothing to report. */
export function formatReport(diagnostics: readonly Reported[], options: FormatOptions): string {
  // tsc ends lines with the platform's line break.
  const nl = EOL;
  const sorted = sortReported(diagnostics);
  const path = (file: ReportedFile): string => relative(options.cwd, file.fileName).replaceAll("\\", "/") || file.fileName;
  if (!options.pretty) {
    return sorted
      .map((d) => {
        const where = d.file === undefined ? "" : `${path(d.file)}(${position(d.file, d.start)}): `;
        return `${where}${d.severity} ${d.code}: ${d.message.replaceAll("\n", nl)}${nl}`;
      })
      .join("");
  }
  const colour = (text: string, code: string): string => `${code}${text}${RESET}`;
  const location = (file: ReportedFile, start: number): string => {
    const { line, character } = lineAndCharacter(file, start);
    return `${colour(path(file), CYAN)}:${colour(String(line + 1), YELLOW)}:${colour(String(character + 1), YELLOW)}`;
  };
  const blocks = sorted.map((d) => {
    let out = d.file === undefined ? "" : `${location(d.file, d.start)} - `;
    out += colour(d.severity, COLOUR[d.severity]) + colour(` ${d.code}: `, GREY) + d.message.replaceAll("\n", nl);
    if (d.file !== undefined) out += nl + codeSpan(d.file, d.start, d.length, "", COLOUR[d.severity], nl);
    if (d.related !== undefined && d.related.length > 0) {
      out += nl;
      for (const r of d.related) {
        if (r.file !== undefined) out += `${nl}  ${location(r.file, r.start)}${codeSpan(r.file, r.start, r.length, "    ", CYAN, nl)}`;
        out += `${nl}    ${r.message.replaceAll("\n", nl)}`;
      }
    }
    return out + nl + nl;
  });
  return blocks.join("") + summary(sorted, nl);
}

/** The lines a diagnostic spans, with a gutter and the span underlined, as tsc shows them. */
function codeSpan(file: ReportedFile, start: number, length: number, indent: string, squiggle: string, nl: string): string {
  const first = lineAndCharacter(file, start);
  const last = lineAndCharacter(file, start + length);
  const lastLineInFile = lineAndCharacter(file, file.text.length).line;
  const long = last.line - first.line >= 4;
  let gutterWidth = String(last.line + 1).length;
  if (long) gutterWidth = Math.max("...".length, gutterWidth);
  const starts = lineStarts(file);
  let out = "";
  for (let i = first.line; i <= last.line; i++) {
    out += nl;
    // More than five lines: the first two, an ellipsis, the last two.
    if (long && first.line + 1 < i && i < last.line - 1) {
      out += `${indent}${GUTTER}${"...".padStart(gutterWidth)}${RESET} ${nl}`;
      i = last.line - 1;
    }
    const lineEnd = i < lastLineInFile ? starts[i + 1]! : file.text.length;
    const content = file.text.slice(starts[i], lineEnd).trimEnd().replaceAll("\t", " ");
    out += `${indent}${GUTTER}${String(i + 1).padStart(gutterWidth)}${RESET} ${content}${nl}`;
    out += `${indent}${GUTTER}${"".padStart(gutterWidth)}${RESET} ${squiggle}`;
    if (i === first.line) {
      out += content.slice(0, first.character).replace(/\S/g, " ");
      out += content.slice(first.character, i === last.line ? last.character : undefined).replace(/./g, "~");
    } else if (i === last.line) {
      out += content.slice(0, last.character).replace(/./g, "~");
    } else {
      out += content.replace(/./g, "~");
    }
    out += RESET;
  }
  return out;
}

/** The count tsc prints after a pretty report. */
function summary(diagnostics: readonly Reported[], nl: string): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const counts = [plural(errors, "error"), plural(warnings, "warning")].filter((count) => count !== "");
  return counts.length === 0 ? "" : `${nl}Found ${counts.join(" and ")}.${nl}${nl}`;
}

function plural(count: number, noun: string): string {
  return count === 0 ? "" : `${count} ${noun}${count === 1 ? "" : "s"}`;
}

const LINE_STARTS = new WeakMap<ReportedFile, number[]>();

/** Where each line begins; line breaks as TypeScript counts them (CR LF, LF, CR, U+2028, U+2029). */
function lineStarts(file: ReportedFile): number[] {
  let starts = LINE_STARTS.get(file);
  if (starts === undefined) {
    starts = [0];
    const breaks = /\r\n?|[\n\u2028\u2029]/g;
    for (let m = breaks.exec(file.text); m !== null; m = breaks.exec(file.text)) starts.push(m.index + m[0].length);
    LINE_STARTS.set(file, starts);
  }
  return starts;
}

function lineAndCharacter(file: ReportedFile, position: number): { line: number; character: number } {
  const starts = lineStarts(file);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= position) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: position - starts[low]! };
}

function position(file: ReportedFile, start: number): string {
  const { line, character } = lineAndCharacter(file, start);
  return `${line + 1},${character + 1}`;
}
