// TypeScript 7 as the checker uses it: how its API modules load, and the garbage collection settings of the
// compiler process the checker starts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ast7 from "ts7/unstable/ast";
import * as sync7 from "ts7/unstable/sync";
import { expect, test } from "vitest";
import { compilerGarbageCollection, openNative, type AstModule, type SyncModule } from "../../src/check/native.js";
import { findTypeScript, loadNative } from "../../src/check/typescript.js";

const GiB = 2 ** 30;

test("Go collects no garbage until the heap nears half the memory", () => {
  expect(compilerGarbageCollection({}, 8 * GiB)).toEqual({ GOGC: "off", GOMEMLIMIT: "4096MiB" });
});

test("a GOGC the environment sets is kept", () => {
  expect(compilerGarbageCollection({ GOGC: "100" }, 8 * GiB)).toEqual({});
});

test("a GOMEMLIMIT the environment sets is kept", () => {
  expect(compilerGarbageCollection({ GOMEMLIMIT: "2GiB" }, 8 * GiB)).toEqual({});
});

/** The environment of a running process, as Linux shows it. */
function environmentOf(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
  return Object.fromEntries(entries.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]));
}

test("the compiler starts with those settings, and this process' environment stays as it was", async () => {
  const dir = fileURLToPath(new URL("fixtures/valid/", import.meta.url));
  const before = { ...process.env };
  const check = openNative(sync7 as unknown as SyncModule, ast7 as unknown as AstModule, join(dir, "tsconfig.json"), dir, true);
  try {
    expect(check.pid).toBeTypeOf("number");
    const env = environmentOf(check.pid!);
    expect(env["GOGC"]).toBe("off");
    expect(env["GOMEMLIMIT"]).toBe(compilerGarbageCollection().GOMEMLIMIT);
    expect(process.env).toEqual(before);
  } finally {
    await check.close();
  }
});

/** TypeScript 7's API modules as the checker loads them: `required` through `require`, otherwise `import`. */
async function apiModules(required: boolean): Promise<string[]> {
  const repo = fileURLToPath(new URL("../..", import.meta.url));
  const compiler = findTypeScript(repo, join(repo, "node_modules", "ts7"));
  if (compiler.kind !== "native") throw new Error("ts7 is not TypeScript 7");
  const { sync, ast, layout } = await loadNative(compiler, required);
  return [typeof sync.API, typeof ast.isJsxElement, `protocol ${layout?.PROTOCOL_VERSION}`];
}

test("TypeScript 7's API modules load through require", async () => {
  expect(await apiModules(true)).toEqual(["function", "function", "protocol 5"]);
});

test("TypeScript 7's API modules load through import, where require cannot load ES modules", async () => {
  expect(await apiModules(false)).toEqual(["function", "function", "protocol 5"]);
});
