import ts from "typescript";
import { expect, test } from "vitest";
import { walked } from "../../src/check/walked.js";

/** The statements of a TSX file, each with whether the analysis walks into it. */
function statements(source: string): [string, boolean][] {
  const file = ts.createSourceFile("app.tsx", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const walks = walked(file);
  return file.statements.map((statement) => [statement.getText(file), walks(statement.pos, statement.end)]);
}

test("parts without JSX or a call of render are not walked", () => {
  expect(statements('import { Say } from "twiml-jsx";\nexport const n = 1;\n')).toEqual([
    ['import { Say } from "twiml-jsx";', false],
    ["export const n = 1;", false],
  ]);
});

test("JSX is walked", () => {
  expect(statements("const a = 1;\nexport const b = <Say>Hi</Say>;\n")).toEqual([
    ["const a = 1;", false],
    ["export const b = <Say>Hi</Say>;", true],
  ]);
});

test("a call of render is walked though it has no JSX", () => {
  expect(statements("export const b = () => render(prompt);\n")).toEqual([["export const b = () => render(prompt);", true]]);
});

test("a name spelled with an escape is walked, as it may be render", () => {
  expect(statements("export const b = () => \\u0072ender(prompt);\n")).toEqual([["export const b = () => \\u0072ender(prompt);", true]]);
});

test("a comment holding JSX makes the part after it walked", () => {
  expect(statements("// <Say>\nexport const n = 1;\n")).toEqual([["export const n = 1;", true]]);
});
