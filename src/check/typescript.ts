// Finds the TypeScript compiler the checker runs on, in the checked project rather than beside this package,
// so that the project's own TypeScript version decides what its code means. TypeScript 7 is a native
// compiler with no JavaScript API; a project on 7 installs 6 beside it under another name, `typescript-api`.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type * as TS from "typescript";

/** The compiler found, and where. */
export interface Compiler {
  readonly ts: typeof TS;
  readonly version: string;
  /** The package folder it was loaded from. */
  readonly location: string;
}

/** Why no compiler could be used: a message for the user, which says what to install. */
export class CompilerNotFound extends Error {}

/** Names the compiler API explicitly: a module path (relative to the current folder) or a package name. */
export const OVERRIDE = "TWIML_JSX_TYPESCRIPT";
export const INSTALL = "npm install -D typescript-api@npm:typescript@6";

const PACKAGES = ["typescript", "typescript-api"] as const;

interface Loaded {
  readonly module: Partial<typeof TS>;
  readonly version: string;
  readonly location: string;
}

/**
 * The first TypeScript with a JavaScript compiler API that `projectDir` resolves: the module named by
 * `TWIML_JSX_TYPESCRIPT` when that is set (and then only it), otherwise `typescript`, then `typescript-api`.
 * Throws `CompilerNotFound` saying what to install.
 */
export function findTypeScript(projectDir: string, override = process.env[OVERRIDE]): Compiler {
  const requireFrom = createRequire(join(projectDir, "noop.js"));
  if (override !== undefined && override !== "") {
    const isPath = /^\.\.?([\\/]|$)/.test(override) || isAbsolute(override);
    const loaded = load(requireFrom, isPath ? resolve(override) : override);
    if (loaded === undefined) {
      const where = isPath ? resolve(override) : `${override} from ${projectDir}`;
      throw new CompilerNotFound(`${OVERRIDE} names ${where}, which cannot be loaded`);
    }
    if (hasApi(loaded)) return compiler(loaded);
    throw new CompilerNotFound(
      `${describe(loaded)} has no JavaScript compiler API: point ${OVERRIDE} at TypeScript 5 or 6`,
    );
  }
  const found = PACKAGES.map((name) => load(requireFrom, name)).filter((loaded) => loaded !== undefined);
  const usable = found.find(hasApi);
  if (usable !== undefined) return compiler(usable);
  if (found[0] !== undefined) {
    throw new CompilerNotFound(
      `${describe(found[0])} has no JavaScript compiler API, which the checker needs: install TypeScript 6 beside it with ${INSTALL}`,
    );
  }
  throw new CompilerNotFound(`cannot find TypeScript from ${projectDir}: install it with npm install -D typescript@6`);
}

function load(requireFrom: NodeJS.Require, specifier: string): Loaded | undefined {
  let file: string;
  try {
    file = requireFrom.resolve(specifier);
  } catch {
    return undefined;
  }
  let module: Partial<typeof TS>;
  try {
    module = requireFrom(file) as Partial<typeof TS>;
  } catch (error) {
    throw new CompilerNotFound(`cannot load TypeScript from ${file}: ${(error as Error).message}`);
  }
  const location = packageFolder(file);
  const version = typeof module.version === "string" ? module.version : packageVersion(location);
  return { module, version, location };
}

function hasApi(loaded: Loaded): boolean {
  return typeof loaded.module.createProgram === "function";
}

function compiler(loaded: Loaded): Compiler {
  return { ts: loaded.module as typeof TS, version: loaded.version, location: loaded.location };
}

function describe(loaded: Loaded): string {
  return `TypeScript ${loaded.version} (${loaded.location})`;
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
