// Which parts of a file the analysis walks into. JSX starts with `<`, and the calls the checker follows name
// `render`: a part of a file whose text has neither (imports, types, most plain code) holds nothing it looks for.
// TypeScript 7 builds every syntax node the analysis visits from the compiler's answer, most of a file's nodes
// are in such parts, and so they are not walked.
import type * as TS from "typescript";

/** Whether the text from `pos` to `end` (a node's, its leading trivia included) may hold JSX or a call of `render`. */
export type Walked = (pos: number, end: number) => boolean;

/** The parts of `file` worth walking. */
export function walked(file: TS.SourceFile): Walked {
  const text = file.text;
  const marks: number[] = [];
  // A backslash may begin an escape that spells `render`.
  for (const mark of ["<", "render", "\\"]) {
    for (let at = text.indexOf(mark); at !== -1; at = text.indexOf(mark, at + 1)) marks.push(at);
  }
  marks.sort((a, b) => a - b);
  return (pos, end) => {
    // The first mark at or after the start, found by bisection: is it before the end?
    let low = 0;
    let high = marks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (marks[middle]! < pos) low = middle + 1;
      else high = middle;
    }
    return low < marks.length && marks[low]! < end;
  };
}

/** `visit`, called only for the nodes whose text range `only` accepts; every node without `only`. */
export function onlyWalked<N extends { readonly pos: number; readonly end: number }>(
  visit: (node: N) => void,
  only: Walked | undefined,
): (node: N) => void {
  return only === undefined
    ? visit
    : (node) => {
        if (only(node.pos, node.end)) visit(node);
      };
}
