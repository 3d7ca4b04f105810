// TypeScript 7 as the checker uses it: how its API modules load, the garbage collection settings of the
// compiler process the checker starts, and that process started before the API's modules load.
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as ast7 from "ts7/unstable/ast";
import * as sync7 from "ts7/unstable/sync";
import { expect, test } from "vitest";
import {
  compilerGarbageCollection,
  openNative,
  requestFrame,
  startCompiler,
  type AstModule,
  type NativeCheck,
  type StartedCompiler,
  type SyncModule,
} from "../../src/check/native.js";
import { findTypeScript, loadNative, nativeExecutable, type NativeCompiler } from "../../src/check/typescript.js";

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

/** The repository's TypeScript 7. */
function typescript7(): NativeCompiler {
  const repo = fileURLToPath(new URL("../..", import.meta.url));
  const compiler = findTypeScript(repo, join(repo, "node_modules", "ts7"));
  if (compiler.kind !== "native") throw new Error("ts7 is not TypeScript 7");
  return compiler;
}

/** TypeScript 7's API modules as the checker loads them: `required` through `require`, otherwise `import`. */
async function apiModules(required: boolean): Promise<string[]> {
  const { sync, ast, layout } = await loadNative(typescript7(), required);
  return [typeof sync.API, typeof ast.isJsxElement, `protocol ${layout?.PROTOCOL_VERSION}`];
}

test("TypeScript 7's API modules load through require", async () => {
  expect(await apiModules(true)).toEqual(["function", "function", "protocol 5"]);
});

test("TypeScript 7's API modules load through import, where require cannot load ES modules", async () => {
  expect(await apiModules(false)).toEqual(["function", "function", "protocol 5"]);
});

const valid = fileURLToPath(new URL("fixtures/valid/", import.meta.url));
const rules = fileURLToPath(new URL("fixtures/rules/", import.meta.url));

/** The compiler started ahead for a project of `dir` (its tsconfig.json unless `config` names another). */
function started(dir: string, config = join(dir, "tsconfig.json")): StartedCompiler {
  const executable = nativeExecutable(typescript7());
  if (executable === undefined) throw new Error("no executable for TypeScript 7");
  const compiler = startCompiler(executable, config, dir);
  if (compiler === undefined) throw new Error("the compiler was not started");
  return compiler;
}

/** The names of the project's own files the check reads, relative to `dir`. */
function ownNames(check: NativeCheck, dir: string): string[] {
  return check
    .ownFiles()
    .map((file) => file.fileName.slice(dir.length))
    .sort();
}

/** A process' state as Linux shows it, or "gone" once it has been reaped. */
function stateOf(pid: number): string {
  return existsSync(`/proc/${pid}/stat`) ? (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] ?? "") : "gone";
}

test("the compiler's executable is the one the API's client starts, where require loads its module", () => {
  const executable = nativeExecutable(typescript7());
  expect(executable).toMatch(/[\\/]tsc(\.exe)?$/);
  expect(existsSync(executable!)).toBe(true);
});

test("without require for ES modules, the executable is left to the API's client", () => {
  expect(nativeExecutable(typescript7(), false)).toBeUndefined();
});

/** Opens the valid fixtures' project on `compiler`, started ahead, runs `body` on the check, and closes it. */
async function onStarted(compiler: StartedCompiler, writeAhead: boolean, body: (check: NativeCheck) => unknown): Promise<void> {
  const { sync, ast, layout } = await loadNative(typescript7());
  const check = openNative(sync, ast, join(valid, "tsconfig.json"), valid, writeAhead, layout, compiler);
  try {
    await body(check);
  } finally {
    await check.close();
  }
}

test("a compiler started ahead is the process the API's client talks to", async () => {
  const compiler = started(valid);
  await onStarted(compiler, true, (check) => {
    expect(check.pid).toBe(compiler.child.pid);
    expect(ownNames(check, valid)).toContain("ivr.tsx");
  });
});

test("a compiler started ahead keeps its answers for the client while the event loop runs", async () => {
  const compiler = started(valid);
  // The modules loaded through import, say: the compiler answers meanwhile, and Node does not read the answers.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await onStarted(compiler, true, (check) => expect(ownNames(check, valid)).toContain("ivr.tsx"));
});

test("a compiler started ahead runs with the same garbage collection settings", async () => {
  const compiler = started(valid);
  await onStarted(compiler, true, () => expect(environmentOf(compiler.child.pid!)["GOGC"]).toBe("off"));
});

test("a compiler started ahead for another project is read from in order and opens the project asked for", async () => {
  const { sync, ast, layout } = await loadNative(typescript7());
  const direct = openNative(sync, ast, join(valid, "tsconfig.json"), valid, true, layout);
  const expected = ownNames(direct, valid);
  await direct.close();
  // Its first answers are for the rules fixtures' project: read and left, and the valid project opened.
  const compiler = started(valid, join(rules, "tsconfig.json"));
  await onStarted(compiler, true, (check) => {
    expect(check.pid).toBe(compiler.child.pid);
    expect(ownNames(check, valid)).toEqual(expected);
  });
});

test("where requests are not written ahead, a compiler started ahead is ended and the client starts its own", async () => {
  const compiler = started(valid);
  await onStarted(compiler, false, async (check) => {
    expect(check.pid).not.toBe(compiler.child.pid);
    expect(ownNames(check, valid)).toContain("ivr.tsx");
    if (compiler.child.exitCode === null && compiler.child.signalCode === null) await once(compiler.child, "exit");
    expect(stateOf(compiler.child.pid!)).toBe("gone");
  });
});

test("a compiler started ahead and not taken is killed outright, as it cannot answer that on stderr", async () => {
  const compiler = started(valid);
  compiler.stop();
  if (compiler.child.exitCode === null && compiler.child.signalCode === null) await once(compiler.child, "exit");
  expect(compiler.child.signalCode).toBe("SIGKILL");
});

test("closing the check ends the compiler's process at once", async () => {
  const compiler = started(valid);
  await onStarted(compiler, true, (check) => expect(ownNames(check, valid)).toContain("ivr.tsx"));
  if (compiler.child.exitCode === null && compiler.child.signalCode === null) await once(compiler.child, "exit");
  expect(compiler.child.signalCode).toBe("SIGKILL");
});

test("an executable that cannot start leaves the compiler to the API's client", async () => {
  expect(startCompiler(join(valid, "no-such-compiler"), join(valid, "tsconfig.json"), valid)).toBeUndefined();
  // Its error is emitted on the next turns of the event loop, and handled.
  await new Promise((resolve) => setTimeout(resolve, 50));
});

/** The bytes TypeScript 7's own channel writes for a request (`dist/api/syncChannel.js`). */
async function channelFrame(method: string, payload: string): Promise<Buffer> {
  const { SyncRpcChannel } = (await import(pathToFileURL(join(typescript7().location, "dist", "api", "syncChannel.js")).href)) as {
    SyncRpcChannel: { prototype: { writeTuple(this: unknown, type: number, name: Buffer, payload: string): void } };
  };
  const chunks: Buffer[] = [];
  const channel = {
    writeBuf: Buffer.alloc(65536),
    writeAllBuf: (bytes: Uint8Array, length = bytes.length) => chunks.push(Buffer.from(bytes.subarray(0, length))),
  };
  SyncRpcChannel.prototype.writeTuple.call(channel, 1, Buffer.from(method), payload);
  return Buffer.concat(chunks);
}

test.each([
  ["initialize", "null"],
  ["updateSnapshot", JSON.stringify({ openProjects: [`/${"long/".repeat(60)}tsconfig.json`] })],
  ["updateSnapshot", JSON.stringify({ openProjects: [`/${"longer/".repeat(10000)}tsconfig.json`] })],
])("a request started ahead is framed as the API's channel frames it (%s, %#)", async (method, payload) => {
  expect(requestFrame(method, payload).equals(await channelFrame(method, payload))).toBe(true);
});
