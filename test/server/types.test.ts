import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

// The server's public types under the settings `tsc --init` writes in TypeScript 6 and 7, notably
// exactOptionalPropertyTypes, compiled against the built declarations (`npm test` builds first). A
// `@ts-expect-error` that is not needed is itself an error, so a clean compile proves the negative cases too.

const root = fileURLToPath(new URL("../..", import.meta.url));

const compilers = [
  { version: "5.9", bin: "node_modules/ts59/bin/tsc" },
  { version: "6", bin: "node_modules/typescript/bin/tsc" },
  { version: "7", bin: "node_modules/ts7/bin/tsc" },
] as const;

describe.each(compilers)("TypeScript $version", ({ bin }) => {
  test("every optional option accepts undefined, and wrong types are refused", () => {
    const run = spawnSync(process.execPath, [bin, "-p", "test/server/types"], { cwd: root, encoding: "utf8" });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 120_000);
});
