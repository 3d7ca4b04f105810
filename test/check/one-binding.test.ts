import ts from "typescript";
import { expect, test } from "vitest";
import { oneBinding } from "../../src/check/resolve.js";

/** Whether every `<Say>` of a TSX file stands for one binding, by the file's text and its top-level imports. */
function sayIsOneBinding(source: string): boolean {
  const file = ts.createSourceFile("app.tsx", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  return oneBinding(file.text, "Say", file.statements.filter(ts.isImportDeclaration));
}

const IMPORT = 'import { Say } from "twiml-jsx";\n';

test("tags of a name imported once stand for the import", () => {
  expect(sayIsOneBinding(`${IMPORT}export const a = <Say>Hi</Say>;\nexport const b = <Say />;\n`)).toBe(true);
});

test("tags of a name the file never declares stand for the same global", () => {
  expect(sayIsOneBinding("export const a = <Say>Hi</Say>;\nexport const b = <Say />;\n")).toBe(true);
});

test("a function that declares the name again: not one binding", () => {
  expect(sayIsOneBinding(`${IMPORT}export function f() {\n  const Say = 1;\n  return <Say />;\n}\n`)).toBe(false);
});

test("a parameter of that name: not one binding", () => {
  expect(sayIsOneBinding(`${IMPORT}export const f = (Say: () => null) => <Say />;\n`)).toBe(false);
});

test("the name written once more, even in a comment: not one binding", () => {
  expect(sayIsOneBinding(`${IMPORT}// Say hello\nexport const a = <Say>Hi</Say>;\n`)).toBe(false);
});

test("the name declared once outside the imports: not one binding (it may be in an inner scope)", () => {
  expect(sayIsOneBinding("export function f() {\n  const Say = 1;\n  return <Say />;\n}\nexport const g = <Say />;\n")).toBe(false);
});

test("the name imported under another name is no declaration of it", () => {
  expect(sayIsOneBinding('import { Say as Speak } from "twiml-jsx";\nexport const a = <Say />;\n')).toBe(true);
});

test("the name in the module an import names is no declaration of it", () => {
  expect(sayIsOneBinding('import Speak from "./Say.js";\nexport const a = <Say />;\n')).toBe(true);
});

test("longer names that contain it are other names", () => {
  expect(
    sayIsOneBinding(`${IMPORT}const SayHello = 1, mySay = 2, Say2 = 3, $Say = 4, Sayé = 5, éSay = 6;\nexport const a = <Say />;\n`),
  ).toBe(true);
});

test("a name with whitespace after the angle bracket is not taken for a tag", () => {
  expect(sayIsOneBinding(`${IMPORT}export const a = < Say />;\n`)).toBe(false);
});
