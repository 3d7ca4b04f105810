// The package as npm publishes it: HEAD exported with `git archive` into an empty folder (so nothing
// uncommitted or ignored can leak in, and `dist/` does not exist there), packed there with `npm pack`, whose
// `prepack` script must build everything. The package test files share one tarball: the first to ask packs it,
// under a lock, into a folder named after the commit and the installed tools; the others, and later runs on
// the same commit, wait for it and reuse it.
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("..", import.meta.url));
export const fixtures = fileURLToPath(new URL("package/", import.meta.url));

export interface Packed {
  /** Absolute path of the .tgz file. */
  tarball: string;
  /** Its file name as npm wrote it. */
  filename: string;
  size: number;
  unpackedSize: number;
  /** Paths inside the package, without the `package/` prefix. */
  files: string[];
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program and resolves with its exit code and output, whatever the code. */
export function run(file: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, encoding: "utf8", env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const WAIT_MS = 10 * 60_000;
const KEEP_MS = 24 * 3600_000;

function cacheKey(): string {
  const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
  // The build runs with the repository's node_modules: another install may build differently.
  const tools = readFileSync(join(repo, "node_modules", ".package-lock.json"));
  return `${commit.slice(0, 12)}-${createHash("sha256").update(tools).update(process.version).digest("hex").slice(0, 12)}`;
}

async function pack(folder: string): Promise<void> {
  const checkout = mkdtempSync(join(tmpdir(), "twiml-jsx-checkout-"));
  try {
    const archive = join(checkout, "head.tar");
    execFileSync("git", ["archive", "--format=tar", "-o", archive, "HEAD"], { cwd: repo });
    execFileSync("tar", ["-xf", archive, "-C", checkout]);
    rmSync(archive);
    // The build tools are development dependencies: the clean checkout borrows the installed ones.
    symlinkSync(join(repo, "node_modules"), join(checkout, "node_modules"), "dir");
    const packing = await run("npm", ["pack", "--json", "--pack-destination", folder], checkout);
    if (packing.code !== 0) throw new Error(`npm pack failed in a clean checkout:\n${packing.stderr}`);
    const [report] = JSON.parse(packing.stdout) as { filename: string; size: number; unpackedSize: number }[];
    if (report === undefined) throw new Error(`npm pack reported no tarball:\n${packing.stdout}`);
    const tarball = join(folder, report.filename);
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => line.replace(/^package\//, ""));
    const packed: Packed = { tarball, filename: report.filename, size: report.size, unpackedSize: report.unpackedSize, files };
    writeFileSync(join(folder, "packed.json"), JSON.stringify(packed));
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
}

function pruneOldTarballs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith("twiml-jsx-pack-")) continue;
    const path = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

let packing: Promise<Packed> | undefined;

/** The tarball of HEAD, packed once and shared by every package test file. */
export function packed(): Promise<Packed> {
  packing ??= (async () => {
    const folder = join(tmpdir(), `twiml-jsx-pack-${cacheKey()}`);
    const result = join(folder, "packed.json");
    const lock = `${folder}.lock`;
    const deadline = Date.now() + WAIT_MS;
    while (!existsSync(result)) {
      let owner = false;
      try {
        mkdirSync(lock);
        owner = true;
      } catch {
        // Someone else packs; a lock older than the wait is left by a run that died.
        const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
        if (Date.now() - since > WAIT_MS) rmSync(lock, { recursive: true, force: true });
      }
      if (owner) {
        try {
          if (!existsSync(result)) {
            pruneOldTarballs();
            rmSync(folder, { recursive: true, force: true });
            mkdirSync(folder, { recursive: true });
            await pack(folder);
          }
        } finally {
          rmSync(lock, { recursive: true, force: true });
        }
      } else {
        if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock} to be released`);
        await sleep(250);
      }
    }
    return JSON.parse(readFileSync(result, "utf8")) as Packed;
  })();
  return packing;
}

/**
 * Copies a fixture project (a folder of test/package/) into `root` and installs the tarball there with npm,
 * offline, as a user would: `node_modules/twiml-jsx` and its `node_modules/.bin` link.
 */
export async function install(root: string, fixture: string, tarball: string): Promise<string> {
  const dir = join(root, fixture);
  cpSync(join(fixtures, fixture), dir, { recursive: true });
  const npm = await run(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--no-save", "--loglevel=error", tarball],
    dir,
  );
  if (npm.code !== 0) throw new Error(`npm install of the tarball failed in ${fixture}:\n${npm.stderr}`);
  return dir;
}

export interface Manifest {
  name: string;
  version: string;
  main: string;
  module: string;
  types: string;
  bin: Record<string, string>;
  files: string[];
  exports: Record<string, unknown>;
}

/** The package.json of the package installed in a project. */
export function installedManifest(project: string): Manifest {
  return JSON.parse(readFileSync(join(project, "node_modules", "twiml-jsx", "package.json"), "utf8")) as Manifest;
}

/** The module specifiers of the package's JavaScript entries (`twiml-jsx`, `twiml-jsx/server`, …). */
export function entrySpecifiers(manifest: Manifest): string[] {
  return Object.keys(manifest.exports)
    .filter((subpath) => subpath !== "./package.json")
    .map((subpath) => manifest.name + subpath.slice(1));
}
