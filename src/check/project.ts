// Checks one project, named by its tsconfig.json, with the TypeScript the project resolves: through the
// JavaScript compiler API of TypeScript 5 and 6, or through TypeScript 7's native compiler. Either way one
// program gives TypeScript's own diagnostics and the TwiML checks, in the same pass.
import { dirname } from "node:path";
import type * as TS from "typescript";
import type { CheckOptions } from "./analyze.js";
import { formatReport } from "./format.js";
import type { Reported } from "./host.js";
import { openNative, startCompiler, writesAhead } from "./native.js";
import { findTypeScript, loadNative, nativeExecutable, type ClassicCompiler, type NativeCompiler } from "./typescript.js";

export interface ProjectOptions extends CheckOptions {
  /** Report TypeScript's own diagnostics too. */
  readonly tsc: boolean;
}

/** What the check found, and the tsconfig's `pretty` when it sets one. */
export interface ProjectReport {
  readonly diagnostics: readonly Reported[];
  readonly pretty: boolean | undefined;
}

/** A tsconfig.json TypeScript rejects; the message is TypeScript's report, in tsc's format. */
export class InvalidProject extends Error {}

/**
 * Checks the project of `configFile` (absolute); paths in an `InvalidProject` report are relative to `cwd`.
 * `onNative` runs first when the project's TypeScript is 7, whose compiler works in a process of its own.
 */
export async function checkProject(
  configFile: string,
  options: ProjectOptions,
  cwd: string,
  onNative?: () => void,
): Promise<ProjectReport> {
  const compiler = findTypeScript(dirname(configFile));
  if (compiler.kind === "classic") {
    const [{ checkFiles }, classic] = await Promise.all([import("./analyze.js"), import("./classic.js")]);
    return checkClassic(compiler, configFile, options, cwd, checkFiles, classic);
  }
  onNative?.();
  return checkNative(compiler, configFile, options, cwd);
}

/** The analysis, loaded once the compiler is found: on TypeScript 7, while the compiler opens the project. */
type Analysis = typeof import("./analyze.js");
type Classic = typeof import("./classic.js");

function readProject(ts: typeof TS, configFile: string, cwd: string, reportedOf: Classic["reportedOf"]): TS.ParsedCommandLine {
  const unrecoverable: TS.Diagnostic[] = [];
  const host: TS.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => unrecoverable.push(diagnostic),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, undefined, host);
  const problems = [...unrecoverable, ...(parsed === undefined ? [] : ts.getConfigFileParsingDiagnostics(parsed))];
  if (parsed === undefined || problems.length > 0) {
    throw new InvalidProject(
      formatReport(
        problems.map((d) => reportedOf(ts, d)),
        { pretty: false, cwd },
      ),
    );
  }
  return parsed;
}

function checkClassic(
  compiler: ClassicCompiler,
  configFile: string,
  options: ProjectOptions,
  cwd: string,
  checkFiles: Analysis["checkFiles"],
  { classicHost, ownFiles, reportedOf }: Classic,
): ProjectReport {
  const { ts } = compiler;
  const parsed = readProject(ts, configFile, cwd, reportedOf);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences,
  });
  const diagnostics: Reported[] = [
    ...(options.tsc ? ts.getPreEmitDiagnostics(program).map((d) => reportedOf(ts, d)) : []),
    ...checkFiles(classicHost(ts, program), ownFiles(program), options),
  ];
  const configured = parsed.options["pretty"];
  return { diagnostics, pretty: typeof configured === "boolean" ? configured : undefined };
}

async function checkNative(compiler: NativeCompiler, configFile: string, options: ProjectOptions, cwd: string): Promise<ProjectReport> {
  const writeAhead = writesAhead(compiler.version);
  // The compiler opens the project while the API's modules load.
  const executable = writeAhead ? nativeExecutable(compiler) : undefined;
  const started = executable === undefined ? undefined : startCompiler(executable, configFile, cwd);
  let modules: [Awaited<ReturnType<typeof loadNative>>, Analysis];
  try {
    modules = await Promise.all([loadNative(compiler), import("./analyze.js")]);
  } catch (error) {
    started?.stop();
    throw error;
  }
  const [{ sync, ast, layout }, { checkFiles }] = modules;
  const project = openNative(sync, ast, configFile, cwd, writeAhead, layout, started);
  try {
    const config = project.configDiagnostics();
    if (config.length > 0) throw new InvalidProject(formatReport(config, { pretty: false, cwd }));
    // TypeScript's diagnostics are worked out while the files are read and walked.
    let tsc: () => Reported[] = () => [];
    const own = project.ownFiles(() => {
      if (options.tsc) tsc = project.diagnostics();
    });
    const twiml = checkFiles(project.host, own, options);
    const diagnostics = [...tsc(), ...twiml];
    return { diagnostics, pretty: project.pretty };
  } finally {
    await project.close();
  }
}
