// A project whose only compiler is TypeScript 7 (the native one), with the packed package installed: the
// `twiml-jsx check` command must run on it as it does on TypeScript 5.9 and 6, without asking for a second
// compiler. TypeScript 7 comes from the npm cache that `npm ci` filled (the `ts7` alias's version).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { install, packed, repo, run } from "./package-tarball.js";

const SLOW = 300_000;
const ts7 = (JSON.parse(readFileSync(join(repo, "node_modules", "ts7", "package.json"), "utf8")) as { version: string }).version;

let root = "";
const projects: Record<string, string> = {};

beforeAll(async () => {
  const { tarball } = await packed();
  root = mkdtempSync(join(tmpdir(), "twiml-jsx-ts7-"));
  for (const name of ["ts7-clean", "ts7-nesting"]) projects[name] = await install(root, name, tarball, [`typescript@${ts7}`]);
}, SLOW);

afterAll(() => {
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe(`twiml-jsx check in a project with only TypeScript ${ts7}`, () => {
  test(
    "the project's TypeScript is version 7",
    async () => {
      const version = await run("npx", ["tsc", "--version"], projects["ts7-clean"]!);
      expect(version.stdout).toBe(`Version ${ts7}\n`);
    },
    SLOW,
  );

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
