// A project whose only compiler is TypeScript 7 (the native one), with the packed package installed: the
// `twiml-jsx check` command must run on it as it does on TypeScript 5.9 and 6, without asking for a second
// compiler. TypeScript 7 is the repository's own copy (the `ts7` alias), linked in as `typescript`: installing
// it offline from npm's cache is not possible, since `npm ci` caches package tarballs but not the registry
// metadata that resolving a version (and TypeScript 7's platform binary package) needs.
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { install, packed, repo, run } from "./package-tarball.js";

const SLOW = 600_000;
const ts7 = (JSON.parse(readFileSync(join(repo, "node_modules", "ts7", "package.json"), "utf8")) as { version: string }).version;

let root = "";
const projects: Record<string, string> = {};

beforeAll(async () => {
  const { tarball } = await packed();
  root = mkdtempSync(join(tmpdir(), "twiml-jsx-ts7-"));
  for (const name of ["ts7-clean", "ts7-nesting"]) {
    projects[name] = await install(root, name, tarball);
    symlinkSync(join(repo, "node_modules", "ts7"), join(projects[name], "node_modules", "typescript"), "dir");
  }
}, SLOW);

afterAll(() => {
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe(`twiml-jsx check in a project with only TypeScript ${ts7}`, () => {
  test("the project's only TypeScript is version 7", () => {
    const installed = JSON.parse(readFileSync(join(projects["ts7-clean"]!, "node_modules", "typescript", "package.json"), "utf8")) as {
      version: string;
    };
    expect(installed.version.startsWith("7.")).toBe(true);
  });

  test(
    "a clean project passes silently",
    async () => {
      expect(await run("npx", ["twiml-jsx", "check"], projects["ts7-clean"]!)).toEqual({ code: 0, stdout: "", stderr: "" });
    },
    SLOW,
  );

  test(
    "<Dial> inside <Gather> is reported as TWIML001 and fails the check",
    async () => {
      expect(await run("npx", ["twiml-jsx", "check"], projects["ts7-nesting"]!)).toEqual({
        code: 1,
        stdout: "src/app.tsx(6,7): error TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause)\n",
        stderr: "",
      });
    },
    SLOW,
  );
});
