// `twiml-jsx check`: type-checks a project once and reports the TwiML nesting problems TypeScript cannot see,
// with TypeScript's own diagnostics from the same pass, in tsc's format. Exit status 0, 1 (errors) or 2 (the
// check could not run).
import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { CommandIO } from "../cli/commands.js";
import { packageVersion } from "../cli/version.js";
import { formatReport, isError } from "./format.js";
import { checkProject, InvalidProject } from "./project.js";
import { CompilerNotFound, findTypeScript, OVERRIDE } from "./typescript.js";

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
option, a missing or invalid tsconfig, no TypeScript).

The project's own \`typescript\` (5.9, 6 or 7) type-checks it, or the one ${OVERRIDE} names (a path or
a package name) if set.
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

async function check(options: Options, io: CommandIO): Promise<number> {
  const { cwd } = io;
  const configFile = projectFile(options.project, cwd);
  if (!existsSync(configFile)) {
    const shown = relative(cwd, configFile) || configFile;
    throw new Stop(`twiml-jsx: cannot find ${shown}; run the command in the project's folder or pass -p\n`);
  }
  // TypeScript 7's compiler does the type-checking in a process of its own, while this one mostly waits for it.
  const native = io.withoutOptimizingCompiler;
  const { diagnostics, pretty: configured } = await checkProject(configFile, { tsc: options.tsc, strict: options.strict }, cwd, native);
  const pretty = options.pretty ?? configured ?? prettyByDefault(io);
  io.stdout.write(formatReport(diagnostics, { pretty, cwd }));
  return diagnostics.some(isError) ? 1 : 0;
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
    return action === "version" ? version(options, io) : await check(options, io);
  } catch (error) {
    if (error instanceof CompilerNotFound) io.stderr.write(`twiml-jsx: ${error.message}\n`);
    else if (error instanceof Stop || error instanceof InvalidProject) io.stderr.write(error.message);
    else throw error;
    return 2;
  }
}
