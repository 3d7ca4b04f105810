import { expect, test } from "vitest";
import { render } from "twiml-jsx";
import { ELEMENTS } from "../../src/vocabulary/elements.js";
import { UNBUILDABLE, cases, toBuilder, toJsx, unbuildableParent } from "./cases.js";

// Each document of the cases is built twice, with Twilio's builder and with our components, and the two strings
// must be identical.

test("every element form of the vocabulary has a case in each of its parents", () => {
  const missed = ELEMENTS.filter((d) => !UNBUILDABLE(d)).flatMap((d) =>
    (d.kind === "root" ? [undefined] : d.parents.filter((p) => !unbuildableParent(p)))
      .filter((parent) => !cases.some((c) => c.form === d && c.parent === parent))
      .map((parent) => `${d.context} ${d.tag} in ${parent ?? "(document)"}`),
  );
  expect(missed).toEqual([]);
});

test.each(cases)("$name", ({ documents }) => {
  for (const document of documents) {
    expect(render(toJsx(document))).toBe(toBuilder(document));
  }
});
