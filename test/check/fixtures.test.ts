// Each folder under fixtures/ is a small TypeScript project whose sources say what the checker must report, in
// a comment on the line above the place where the diagnostic starts (that line's first non-space character):
//   // expect: TWIML001 <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause)
//   {/* expect: … */}          inside JSX children, where `//` would be text
//   // expect-strict: …        reported only with `strict: true`
// Several expect comments in a row all apply to the line after them. A file without any expects nothing.
// Every fixture is valid TypeScript: the mistakes are nesting mistakes the compiler cannot see.
// The suite runs on TypeScript 5.9 and 6 (the JavaScript compiler API) and on TypeScript 7 (its IPC API: with
// requests written ahead and children read from the syntax trees' records, and with the published API alone),
// and each must report exactly the same.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts59 from "ts59";
import ts from "typescript";
import ts7 from "ts7";
import * as ast7 from "ts7/unstable/ast";
import * as sync7 from "ts7/unstable/sync";
import { afterAll, describe, expect, test } from "vitest";
import { checkFiles, type CheckDiagnostic } from "../../src/check/analyze.js";
import { checkProgram } from "../../src/check/classic.js";
import { openNative, writesAhead, type AstModule, type NativeCheck, type NodeLayout, type SyncModule } from "../../src/check/native.js";
import { findTypeScript, loadNative } from "../../src/check/typescript.js";
import { walked } from "../../src/check/walked.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = fileURLToPath(new URL("fixtures/", import.meta.url));
/** Each project is type-checked from cold, sources of the library included: seconds on a busy machine. */
const TIMEOUT = 60_000;

type Mode = "default" | "strict";
const MODES: readonly Mode[] = ["default", "strict"];

function parseConfig(configPath: string): ts.ParsedCommandLine {
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath), undefined, configPath);
}

const FORMAT_HOST: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => repo,
  getNewLine: () => "\n",
};

/** What TypeScript itself reports, as text (empty when the program type-checks). */
function compilerErrors(program: ts.Program): string {
  return ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), FORMAT_HOST);
}

const EXPECT = /(?:\/\/|\/\*)\s*expect(-strict)?:\s*(TWIML\d{3})\s+(.*?)\s*(?:\*\/\s*\}?\s*)?$/;

function severityOf(code: string): CheckDiagnostic["severity"] {
  return code === "TWIML013" ? "warning" : "error";
}

/** `file:line:column code severity message`, 1-based, the file relative to its project. */
function describeAt(file: string, line: number, column: number, code: string, severity: string, message: string): string {
  return `${file}:${line}:${column} ${code} ${severity} ${message}`;
}

function expectations(projectDir: string, path: string, mode: Mode): string[] {
  const name = relative(projectDir, path);
  const lines = readFileSync(path, "utf8").split("\n");
  const found: string[] = [];
  let waiting: RegExpExecArray[] = [];
  lines.forEach((text, i) => {
    const m = EXPECT.exec(text);
    if (m !== null) {
      waiting.push(m);
      return;
    }
    if (waiting.length === 0) return;
    const column = text.search(/\S/);
    if (column < 0) throw new Error(`${name}:${i + 1}: an expect comment must be right above the code it is about`);
    for (const [, strictOnly, code, message] of waiting) {
      if (strictOnly !== undefined && mode !== "strict") continue;
      found.push(describeAt(name, i + 1, column + 1, code!, severityOf(code!), message!));
    }
    waiting = [];
  });
  if (waiting.length > 0) throw new Error(`${name}: an expect comment at the end of the file has no code below it`);
  return found;
}

function described(projectDir: string, d: CheckDiagnostic): string {
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return describeAt(relative(projectDir, d.file.fileName), line + 1, character + 1, d.code, d.severity, d.message);
}

/** The entries of `a` not matched one for one by an entry of `b`. */
function without(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

function isInside(dir: string, file: string): boolean {
  return !relative(dir, file).startsWith("..");
}

interface Project {
  readonly name: string;
  readonly dir: string;
  readonly config: ts.ParsedCommandLine;
  /** The project's own sources, where expectations are written (declaration files cannot hold JSX). */
  readonly sources: readonly string[];
}

const projects: Project[] = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => {
    const dir = join(fixtures, entry.name);
    const config = parseConfig(join(dir, "tsconfig.json"));
    const sources = config.fileNames.filter((f) => !f.endsWith(".d.ts") && isInside(dir, f)).sort();
    return { name: entry.name, dir, config, sources };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

/** A TypeScript version the checker runs on, with what it needs to check a fixture project. */
interface Compiler {
  readonly name: string;
  /** What TypeScript itself reports on the project, as text (empty when the program type-checks). */
  compilerErrors(project: Project): string;
  diagnose(project: Project, mode: Mode): CheckDiagnostic[];
}

/** TypeScript 5.9 or 6, through `ts.createProgram`. */
function classic(name: string, compiler: typeof ts): Compiler {
  const programs = new Map<string, ts.Program>();
  const programOf = (project: Project): ts.Program => {
    let program = programs.get(project.name);
    if (program === undefined) {
      program = compiler.createProgram({ rootNames: project.config.fileNames, options: project.config.options });
      programs.set(project.name, program);
    }
    return program;
  };
  return {
    name,
    compilerErrors: (project) => compiler.formatDiagnostics(compiler.getPreEmitDiagnostics(programOf(project)), FORMAT_HOST),
    diagnose: (project, mode) => checkProgram(compiler, programOf(project), { strict: mode === "strict" }),
  };
}

/** How TypeScript 7's API lays out syntax trees, as the checker loads it from the package. */
const layout7 = await (async (): Promise<NodeLayout | undefined> => {
  const compiler = findTypeScript(repo, join(repo, "node_modules", "ts7"));
  return compiler.kind === "native" ? (await loadNative(compiler)).layout : undefined;
})();

/**
 * TypeScript 7, one compiler process per project, ended after the suite. `writeAhead`: requests written before
 * their answers are read, as on the versions it was verified with, or each waiting for its answer, as on others.
 * `layout`: children read from the syntax trees' records, as on 7.0, or through the published `forEachChild`.
 */
function native(name: string, writeAhead: boolean, layout: NodeLayout | undefined): Compiler {
  const opened = new Map<string, NativeCheck>();
  afterAll(async () => {
    for (const check of opened.values()) await check.close();
  });
  const open = (project: Project): NativeCheck => {
    let check = opened.get(project.name);
    if (check === undefined) {
      const config = join(project.dir, "tsconfig.json");
      check = openNative(sync7 as unknown as SyncModule, ast7 as unknown as AstModule, config, project.dir, writeAhead, layout);
      opened.set(project.name, check);
    }
    return check;
  };
  return {
    name,
    compilerErrors: (project) => {
      const check = open(project);
      return [...check.configDiagnostics(), ...check.diagnostics()()]
        .map((d) => `${d.file?.fileName ?? ""} ${d.code}: ${d.message}\n`)
        .join("");
    },
    diagnose: (project, mode) => checkFiles(open(project).host, open(project).ownFiles(), { strict: mode === "strict" }),
  };
}

const COMPILERS: readonly Compiler[] = [
  classic(`TypeScript ${ts59.version}`, ts59 as unknown as typeof ts),
  classic(`TypeScript ${ts.version}`, ts),
  native(`TypeScript ${ts7.version}`, writesAhead(ts7.version), layout7),
  native(`TypeScript ${ts7.version}, one request at a time, published forEachChild`, false, undefined),
];

describe("writing requests ahead on TypeScript 7", () => {
  test("is on for the TypeScript 7 these tests run, so the suite covers it", () => {
    expect(writesAhead(ts7.version)).toBe(true);
  });

  test("is off for a release it was not verified with", () => {
    expect(writesAhead("7.1.0-dev.20261105.1")).toBe(false);
  });
});

describe("reading children from the syntax tree's records on TypeScript 7", () => {
  test("finds the layout of the version it was verified with in the TypeScript 7 these tests run", () => {
    expect(layout7?.PROTOCOL_VERSION).toBe(5);
  });

  /**
   * Every node of the project's own files in the order `forEachChild` visits them, as `kind pos end`, and after a
   * JSX element or fragment its `jsxChildren` the same way.
   */
  function visited(check: NativeCheck, filtered: boolean): string[] {
    const { syntax } = check.host;
    const out: string[] = [];
    const shown = (node: ts.Node): string => `${node.kind} ${node.pos} ${node.end}`;
    for (const file of check.ownFiles()) {
      const only = filtered ? walked(file) : undefined;
      const visit = (node: ts.Node): void => {
        out.push(shown(node));
        if (syntax.isJsxElement(node) || syntax.isJsxFragment(node))
          out.push(`children: ${syntax.jsxChildren(node).map(shown).join(", ")}`);
        syntax.forEachChild(node, visit, only);
      };
      visit(file);
    }
    return out;
  }

  test.each(projects.map((p) => [p.name, p] as const))(
    "visits what the published forEachChild visits, in its order, and reads the JSX children the published API reads, in %s",
    async (_, project) => {
      const open = (layout: NodeLayout | undefined): NativeCheck =>
        openNative(
          sync7 as unknown as SyncModule,
          ast7 as unknown as AstModule,
          join(project.dir, "tsconfig.json"),
          project.dir,
          false,
          layout,
        );
      const records = open(layout7);
      const published = open(undefined);
      try {
        // Filtered first: read from the records, the children left out are never built (the API keeps every node
        // it built in its source file's `nodes`), where the published `forEachChild` builds them all.
        expect(visited(records, true)).toEqual(visited(published, true));
        const built = (check: NativeCheck): number =>
          check.ownFiles().reduce((n, file) => n + (file as unknown as { nodes: unknown[] }).nodes.filter(Boolean).length, 0);
        expect(built(records)).toBeLessThan(built(published));
        const all = visited(published, false);
        expect(all.length).toBeGreaterThan(0);
        expect(visited(records, false)).toEqual(all);
      } finally {
        await records.close();
        await published.close();
      }
    },
    TIMEOUT,
  );
});

const results = new Map<string, CheckDiagnostic[]>();
function diagnosticsOf(compiler: Compiler, project: Project, mode: Mode): CheckDiagnostic[] {
  const key = `${compiler.name} ${project.name} ${mode}`;
  let found = results.get(key);
  if (found === undefined) {
    found = compiler.diagnose(project, mode);
    results.set(key, found);
  }
  return found;
}

for (const compiler of COMPILERS) {
  for (const project of projects) {
    describe(`${compiler.name}: fixture project ${project.name}`, { timeout: TIMEOUT }, () => {
      test("TypeScript reports no errors", () => {
        expect(compiler.compilerErrors(project)).toBe("");
      });

      for (const mode of MODES) {
        for (const path of project.sources) {
          test(`${relative(project.dir, path)} (${mode})`, () => {
            const wanted = expectations(project.dir, path, mode);
            const got = diagnosticsOf(compiler, project, mode)
              .filter((d) => d.file.fileName === path)
              .map((d) => described(project.dir, d));
            expect({ missing: without(wanted, got), unexpected: without(got, wanted) }).toEqual({ missing: [], unexpected: [] });
          });
        }

        test(`nothing is reported outside the project's own sources (${mode})`, () => {
          const outside = diagnosticsOf(compiler, project, mode)
            .filter((d) => !project.sources.includes(d.file.fileName))
            .map((d) => described(repo, d));
          expect(outside).toEqual([]);
        });
      }
    });
  }
}

describe("every TypeScript version reports the same", { timeout: TIMEOUT }, () => {
  for (const project of projects) {
    for (const mode of MODES) {
      test(`fixture project ${project.name} (${mode})`, () => {
        const [first, ...others] = COMPILERS.map((compiler) =>
          diagnosticsOf(compiler, project, mode).map((d) => described(project.dir, d)),
        );
        for (const other of others) expect(other).toEqual(first);
      });
    }
  }
});

describe("the repository's examples", { timeout: TIMEOUT }, () => {
  // The examples' own tsconfig resolves twiml-jsx to the built package; the root one maps it to the sources.
  const examples = parseConfig(join(repo, "examples", "tsconfig.json")).fileNames;
  const root = parseConfig(join(repo, "tsconfig.json")).options;
  let program: ts.Program | undefined;
  const examplesProgram = (): ts.Program => (program ??= ts.createProgram({ rootNames: examples, options: root }));

  test("TypeScript reports no errors", () => {
    expect(compilerErrors(examplesProgram())).toBe("");
  });

  for (const mode of MODES) {
    test(`the checker reports nothing (${mode})`, () => {
      const found = checkProgram(ts, examplesProgram(), { strict: mode === "strict" }).map((d) => described(repo, d));
      expect(found).toEqual([]);
    });
  }
});
