import { expect, test } from "vitest";
import { ELEMENTS } from "../src/vocabulary/elements.js";
import { childOf } from "../src/vocabulary/index.js";

test("every child an element lists has a form that names that element as its parent", () => {
  const missing = ELEMENTS.flatMap((parent) =>
    parent.children.filter((tag) => childOf(parent, tag) === undefined).map((tag) => `${parent.context} ${parent.tag} > ${tag}`),
  );
  expect(missing).toEqual([]);
});

test("every parent a form names lists that form's tag among its children", () => {
  const missing = ELEMENTS.flatMap((child) =>
    child.parents
      .filter(
        (p) => !ELEMENTS.some((parent) => parent.tag === p && parent.context === child.context && parent.children.includes(child.tag)),
      )
      .map((p) => `${child.context} ${p} > ${child.tag}`),
  );
  expect(missing).toEqual([]);
});

test("a tag has at most one form per parent and context", () => {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const d of ELEMENTS) {
    for (const p of d.parents.length === 0 ? ["(root)"] : d.parents) {
      const key = `${d.context} ${p} > ${d.tag}`;
      if (seen.has(key)) duplicates.push(key);
      seen.add(key);
    }
  }
  expect(duplicates).toEqual([]);
});

test("every attribute has a one-line description", () => {
  const undocumented = ELEMENTS.flatMap((d) =>
    d.attributes.filter((a) => a.doc.trim() === "" || a.doc.includes("\n")).map((a) => `${d.tag}.${a.name}`),
  );
  expect(undocumented).toEqual([]);
});

test("enum attributes list their values and only enums do", () => {
  const wrong = ELEMENTS.flatMap((d) =>
    d.attributes
      .filter((a) => (a.type === "enum" || a.type === "enum-list") !== (a.values !== undefined && a.values.length > 0))
      .map((a) => `${d.tag}.${a.name}`),
  );
  expect(wrong).toEqual([]);
});
