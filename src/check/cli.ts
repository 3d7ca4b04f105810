// `twiml-jsx check`: type-checks a project once and reports the TwiML nesting problems TypeScript cannot see,
// with TypeScript's own diagnostics from the same pass, in tsc's format. Exit status 0, 1 (errors) or 2 (the
// check could not run).
import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type * as TS from "typescript";
import type { CommandIO } from "../cli/commands.js";
import { packageVersion } from "../cli/version.js";
import { checkProgram } from "./analyze.js";
import { formatReport, isError, type Reported } from "./format.js";
import { CompilerNotFound, findTypeScript, INSTALL, OVERRIDE } from "./typescript.js";

const HELP = `Usage: twiml-jsx check [options]

Checks which TwiML element stands inside which (<Dial> inside <Gather>, voice and messaging verbs in one
<Response>, SSML outside <Say>, ...), which TypeScript's types cannot express. TypeScript's own diagnostics
come from the same type-check and are reported too, so the command replaces \`tsc --noEmit\` in CI.

Options:
  -p, --project <path>  the project's tsconfig.json, or its folder (default: ./tsconfig.json)
  --tsc                 report TypeScript's own diagnostics too (the default)
  --no-tsc              report only the TwiML checks
  --strict              also report children whose element cannot be known (typed only as JSX.Element or
                        any): TWIML018
  --pretty              colours and code excerpts, as tsc --pretty (the default on a terminal, or as the
                        tsconfig's "pretty" says)
  --no-pretty           one line per diagnostic: file(line,col): error CODE: message
  -h, --help            print this help
  -v, --version         print the version, and the TypeScript the project resolves

Exit status: 0 without errors (warnings alone are fine), 1 with errors, 2 when the check cannot run (a wrong
option, a missing or invalid tsconfig, no TypeScript compiler API).

TypeScript is loaded from the project: the module ${OVERRIDE} names (a path or a package name) if
set, else \`typescript\`, else \`typescript-api\`. TypeScript 7 has no JavaScript API; next to it, install 6:
  ${INSTALL}
`;

/** A problem that stops the command before it checks anything: exit status 2. */
class Stop extends Error {}

interface Options {
  project: string | undefined;
  tsc: boolean;
  strict: boolean;
  pretty: boolean | undefined;
}

type Action = "check" | "help" | "version";

function usage(problem: string): Stop {
  return new Stop(`twiml-jsx check: ${problem} (see twiml-jsx check --help)\n`);
}

function parseArguments(args: readonly string[]): { action: Action; options: Options } {
  const options: Options = { project: undefined, tsc: true, strict: false, pretty: undefined };
  let help = false;
  let version = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "-h" || arg === "--help") help = true;
    else if (arg === "-v" || arg === "--version") version = true;
    else if (arg === "--tsc" || arg === "--no-tsc") options.tsc = arg === "--tsc";
    else if (arg === "--pretty" || arg === "--no-pretty") options.pretty = arg === "--pretty";
    else if (arg === "--strict") options.strict = true;
    else if (arg === "-p" || arg === "--project" || arg.startsWith("--project=")) {
      const value = arg.startsWith("--project=") ? arg.slice("--project=".length) : args[++i];
      if (value === undefined || value === "" || value.startsWith("-")) throw usage(`${arg} needs a path`);
      options.project = value;
    } else if (arg.startsWith("-")) throw usage(`unknown option ${arg}`);
    else throw usage(`unexpected argument ${arg}`);
  }
  if (help) return { action: "help", options };
  if (version) return { action: "version", options };
  return { action: "check", options };
}

/** The tsconfig.json a `--project` value names, absolute; `-p src` means src/tsconfig.json, as with tsc. */
function projectFile(project: string | undefined, cwd: string): string {
  const path = resolve(cwd, project ?? "tsconfig.json");
  return existsSync(path) && statSync(path).isDirectory() ? join(path, "tsconfig.json") : path;
}

function readProject(ts: typeof TS, configFile: string, cwd: string): TS.ParsedCommandLine {
  const unrecoverable: TS.Diagnostic[] = [];
  const host: TS.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => unrecoverable.push(diagnostic),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, undefined, host);
  const problems = [...unrecoverable, ...(parsed === undefined ? [] : ts.getConfigFileParsingDiagnostics(parsed))];
  if (parsed === undefined || problems.length > 0) throw new Stop(formatReport(ts, problems, { pretty: false, cwd }));
  return parsed;
}

function check(options: Options, io: CommandIO): number {
  const { cwd } = io;
  const configFile = projectFile(options.project, cwd);
  if (!existsSync(configFile)) {
    const shown = relative(cwd, configFile) || configFile;
    throw new Stop(`twiml-jsx: cannot find ${shown}; run the command in the project's folder or pass -p\n`);
  }
  const { ts } = findTypeScript(dirname(configFile));
  const parsed = readProject(ts, configFile, cwd);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences,
  });
  const diagnostics: Reported[] = [
    ...(options.tsc ? ts.getPreEmitDiagnostics(program) : []),
    ...checkProgram(ts, program, { strict: options.strict }),
  ];
  const configured = parsed.options["pretty"];
  const pretty = options.pretty ?? (typeof configured === "boolean" ? configured : prettyByDefault(io));
  io.stdout.write(formatReport(ts, diagnostics, { pretty, cwd }));
  return diagnostics.some((diagnostic) => isError(ts, diagnostic)) ? 1 : 0;
}

/** As tsc decides: NO_COLOR, then FORCE_COLOR, then whether the output is a terminal. */
function prettyByDefault(io: CommandIO): boolean {
  if (io.env["NO_COLOR"]) return false;
  if (io.env["FORCE_COLOR"]) return true;
  return io.stdout.isTTY === true;
}

function version(options: Options, io: CommandIO): number {
  const own = `twiml-jsx ${packageVersion()}`;
  try {
    const compiler = findTypeScript(dirname(projectFile(options.project, io.cwd)));
    io.stdout.write(`${own} (TypeScript ${compiler.version} from ${compiler.location})\n`);
    return 0;
  } catch (error) {
    io.stdout.write(`${own}\n`);
    throw error;
  }
}

/** Runs `twiml-jsx check` with the arguments after `check`; resolves to the exit status. */
export async function run(args: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { action, options } = parseArguments(args);
    if (action === "help") {
      io.stdout.write(HELP);
      return 0;
    }
    return action === "version" ? version(options, io) : check(options, io);
  } catch (error) {
    if (error instanceof CompilerNotFound) io.stderr.write(`twiml-jsx: ${error.message}\n`);
    else if (error instanceof Stop) io.stderr.write(error.message);
    else throw error;
    return 2;
  }
}
