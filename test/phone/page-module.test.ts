import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { pageModule, target } from "../../scripts/phone-page.mjs";

test("src/phone/page.ts is generated from src/phone/page/ (run `node scripts/phone-page.mjs` after editing the page)", async () => {
  expect(readFileSync(target, "utf8")).toBe(await pageModule());
});
