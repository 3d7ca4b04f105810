import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { generateComponents, generateProps, generateReference } from "../scripts/generate-elements.js";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

test("src/elements/props.ts is what the vocabulary generates (run npm run generate)", () => {
  expect(read("../src/elements/props.ts")).toBe(generateProps());
});

test("src/elements/components.ts is what the vocabulary generates (run npm run generate)", () => {
  expect(read("../src/elements/components.ts")).toBe(generateComponents());
});

test("docs/elements.md is what the vocabulary generates (run npm run generate)", () => {
  expect(read("../docs/elements.md")).toBe(generateReference());
});
