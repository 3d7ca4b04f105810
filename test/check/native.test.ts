// The compiler process that the checker starts on TypeScript 7: its garbage collection settings, and starting it
// before the API's modules are loaded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ast7 from "ts7/unstable/ast";
import * as sync7 from "ts7/unstable/sync";
import { expect, test } from "vitest";
import { compilerGarbageCollection, openNative, startCompiler, type AstModule, type SyncModule } from "../../src/check/native.js";
import { findTypeScript, loadNative, loadStarter } from "../../src/check/typescript.js";

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
  const check = openNative({ sync: sync7 as unknown as SyncModule, ast: ast7 as unknown as AstModule }, join(dir, "tsconfig.json"), dir, {
    writeAhead: true,
  });
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

test("a compiler started ahead starts with those settings too, and opening the project asks it nothing again", async () => {
  const dir = fileURLToPath(new URL("fixtures/valid/", import.meta.url));
  const config = join(dir, "tsconfig.json");
  const compiler = findTypeScript(dir, fileURLToPath(new URL("../../node_modules/ts7", import.meta.url)));
  if (compiler.kind !== "native" || compiler.starter === undefined) throw new Error("ts7 is not TypeScript 7.0's package");
  const started = startCompiler(await loadStarter(compiler.starter), config, dir);
  // As in the command: the event loop runs while the API's modules load, and the compiler answers meanwhile.
  const modules = await loadNative(compiler);
  await new Promise((resolve) => setTimeout(resolve, 300));
  // Node's stream over the compiler's output took none of its answers, which the channel reads.
  expect(started.channel.child!.stdout!.readableLength).toBe(0);
  const env = environmentOf(started.channel.child!.pid!);
  expect([env["GOGC"], env["GOMEMLIMIT"]]).toEqual(["off", compilerGarbageCollection().GOMEMLIMIT]);
  const methods: string[] = [];
  const write = started.channel.writeTuple.bind(started.channel);
  started.channel.writeTuple = (type, name, payload) => {
    methods.push(Buffer.from(name).toString());
    write(type, name, payload);
  };
  const check = openNative(modules, config, dir, { writeAhead: true, started });
  try {
    expect(check.ownFiles().map((file) => file.fileName.slice(dir.length))).toContain("alternatives.tsx");
    expect(methods).not.toContain("initialize");
    expect(methods).not.toContain("updateSnapshot");
  } finally {
    await check.close();
  }
});
