// Finds the TypeScript compiler the checker runs on, in the checked project rather than beside this package,
// so that the project's own TypeScript version decides what its code means and reports its own diagnostics.
// TypeScript 5 and 6 have a JavaScript compiler API; TypeScript 7 is a native compiler that its package drives
// over IPC through `typescript/unstable/*` (see native.ts).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as TS from "typescript";
import type { AstModule, NodeLayout, SyncModule } from "./native.js";

/** The compiler found, and where. */
export type Compiler = ClassicCompiler | NativeCompiler;

interface Found {
  readonly version: string;
  /** The package folder it was loaded from. */
  readonly location: string;
}

/** TypeScript 5 or 6, with its JavaScript compiler API. */
export interface ClassicCompiler extends Found {
  readonly kind: "classic";
  readonly ts: typeof TS;
}

/** TypeScript 7: the paths of its API modules, which are ES modules and so loaded with `loadNative`. */
export interface NativeCompiler extends Found {
  readonly kind: "native";
  readonly sync: string;
  readonly ast: string;
  /** The module that describes how the API lays out the syntax trees it sends, where 7.0 has it (see native.ts). */
  readonly layout: string | undefined;
}

/** Why no compiler could be used: a message for the user, which says what to install. */
export class CompilerNotFound extends Error {}

/** Names the compiler explicitly: a module path (relative to the current folder) or a package name. */
export const OVERRIDE = "TWIML_JSX_TYPESCRIPT";

/**
 * The TypeScript that `projectDir` resolves: the module named by `TWIML_JSX_TYPESCRIPT` when that is set,
 * otherwise `typescript`. Throws `CompilerNotFound` saying what to install.
 */
export function findTypeScript(projectDir: string, override = process.env[OVERRIDE]): Compiler {
  const requireFrom = createRequire(join(projectDir, "noop.js"));
  if (override !== undefined && override !== "") {
    const isPath = /^\.\.?([\\/]|$)/.test(override) || isAbsolute(override);
    const found = load(requireFrom, isPath ? resolve(override) : override);
    if (found === undefined) {
      const where = isPath ? resolve(override) : `${override} from ${projectDir}`;
      throw new CompilerNotFound(`${OVERRIDE} names ${where}, which cannot be loaded`);
    }
    return found;
  }
  const found = load(requireFrom, "typescript");
  if (found === undefined)
    throw new CompilerNotFound(`cannot find TypeScript from ${projectDir}: install it with npm install -D typescript`);
  return found;
}

/** Whether this Node loads ES modules with `require` (Node 20.19 and later). */
const REQUIRE_LOADS_ES_MODULES = (process.features as { readonly require_module?: boolean }).require_module === true;

/** `require` as TypeScript 7's own package resolves it. */
function packageRequire(compiler: NativeCompiler): NodeJS.Require {
  return createRequire(join(compiler.location, "package.json"));
}

/**
 * Loads TypeScript 7's API modules: with `require` where Node loads ES modules so (some 40 ms for them, against
 * some 48 ms through `import`), otherwise, or if that fails, with `import`.
 */
export async function loadNative(
  compiler: NativeCompiler,
  required = REQUIRE_LOADS_ES_MODULES,
): Promise<{ sync: SyncModule; ast: AstModule; layout: NodeLayout | undefined }> {
  const requireModule = packageRequire(compiler);
  const load = async (path: string): Promise<unknown> => {
    if (required) {
      try {
        return requireModule(path);
      } catch {
        // A module `require` cannot load (one that awaits at its top level, say): `import` can.
      }
    }
    return import(pathToFileURL(path).href);
  };
  const [sync, ast, layout] = await Promise.all([
    load(compiler.sync),
    load(compiler.ast),
    compiler.layout === undefined ? undefined : load(compiler.layout),
  ]);
  return { sync: sync as SyncModule, ast: ast as AstModule, layout: layout as NodeLayout | undefined };
}

/**
 * The compiler's executable, as the API's client finds it (the package's `lib/getExePath.js`), where Node loads
 * that ES module with `require`; undefined otherwise, or if it cannot say.
 */
export function nativeExecutable(compiler: NativeCompiler, required = REQUIRE_LOADS_ES_MODULES): string | undefined {
  if (!required) return undefined;
  try {
    const module = packageRequire(compiler)(join(compiler.location, "lib", "getExePath.js")) as { readonly default?: unknown };
    const path = typeof module.default === "function" ? (module.default as () => unknown)() : undefined;
    return typeof path === "string" ? path : undefined;
  } catch {
    return undefined;
  }
}

function load(requireFrom: NodeJS.Require, specifier: string): Compiler | undefined {
  const file = resolveModule(requireFrom, specifier);
  if (file === undefined) return undefined;
  let module: Partial<typeof TS>;
  try {
    module = requireFrom(file) as Partial<typeof TS>;
  } catch (error) {
    throw new CompilerNotFound(`cannot load TypeScript from ${file}: ${(error as Error).message}`);
  }
  const location = packageFolder(file);
  const version = typeof module.version === "string" ? module.version : packageVersion(location);
  if (typeof module.createProgram === "function") return { kind: "classic", ts: module as typeof TS, version, location };
  const sync = apiModule(location, "sync");
  const ast = apiModule(location, "ast");
  if (sync === undefined || ast === undefined) {
    throw new CompilerNotFound(
      `TypeScript ${version} (${location}) has neither a JavaScript compiler API nor typescript/unstable/sync: install TypeScript 5.9 or later`,
    );
  }
  const layout = join(location, "dist", "api", "node", "protocol.js");
  return { kind: "native", sync, ast, version, location, layout: existsSync(layout) ? layout : undefined };
}

/**
 * The file a specifier names. A package folder given by path is resolved through its `exports` too, which
 * Node does only for package names: TypeScript 7's package has no `main`.
 */
function resolveModule(requireFrom: NodeJS.Require, specifier: string): string | undefined {
  try {
    return requireFrom.resolve(specifier);
  } catch {
    const manifest = join(specifier, "package.json");
    if (!isAbsolute(specifier) || !existsSync(manifest)) return undefined;
    const main = (JSON.parse(readFileSync(manifest, "utf8")) as { exports?: Record<string, unknown> }).exports?.["."];
    return typeof main === "string" && existsSync(join(specifier, main)) ? join(specifier, main) : undefined;
  }
}

/** A module the package exports as `./unstable/<name>`, resolved through its own package.json. */
function apiModule(location: string, name: string): string | undefined {
  const manifest = JSON.parse(readFileSync(join(location, "package.json"), "utf8")) as { exports?: Record<string, unknown> };
  const target = manifest.exports?.[`./unstable/${name}`];
  return typeof target === "string" && existsSync(join(location, target)) ? join(location, target) : undefined;
}

/** The nearest folder above `file` with a package.json. */
function packageFolder(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function packageVersion(dir: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "of unknown version";
}
