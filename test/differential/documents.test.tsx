import { expect, test } from "vitest";
import { render } from "twiml-jsx";
import { DOCUMENTS } from "./documents.js";

// Each realistic document renders byte for byte as Twilio's builder writes it.
test.each(DOCUMENTS)("$name", ({ build }) => {
  const { jsx, builder } = build();
  expect(render(jsx)).toBe(builder);
});
