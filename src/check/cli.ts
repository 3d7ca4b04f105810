// `twiml-jsx check`: type-checks a project once and reports the TwiML nesting problems TypeScript cannot see,
// with TypeScript's own diagnostics from the same pass, in tsc's format. Exit status 0, 1 (errors) or 2 (the
// check could not run).
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { runCall } from "../testing/cli-call.js";
import { formatReport, isError } from "./format.js";
import { checkProject, InvalidProject } from "./project.js";
import { CompilerNotFound, findTypeScript, OVERRIDE } from "./typescript.js";

const HELP = `Usage: twiml-jsx check [options]
       twiml-jsx call <url> [options]   (walks a call through a running server: twiml-jsx call --help)

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
  return new Stop(`twiml-jsx: ${problem} (see twiml-jsx --help)\n`);
}

function parseArguments(args: readonly string[]): { action: Action; options: Options } {
  const options: Options = { project: undefined, tsc: true, strict: false, pretty: undefined };
  let command: string | undefined;
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
    else if (command === undefined && arg === "check") command = arg;
    else throw usage(command === undefined ? `unknown command ${arg}; the commands are check and call` : `unexpected argument ${arg}`);
  }
  if (help) return { action: "help", options };
  if (version) return { action: "version", options };
  if (command === undefined) throw usage("missing command: twiml-jsx check [options]");
  return { action: "check", options };
}

/** The tsconfig.json a `--project` value names, absolute; `-p src` means src/tsconfig.json, as with tsc. */
function projectFile(project: string | undefined, cwd: string): string {
  const path = resolve(cwd, project ?? "tsconfig.json");
  return existsSync(path) && statSync(path).isDirectory() ? join(path, "tsconfig.json") : path;
}

async function check(options: Options, cwd: string): Promise<number> {
  const configFile = projectFile(options.project, cwd);
  if (!existsSync(configFile)) {
    const shown = relative(cwd, configFile) || configFile;
    throw new Stop(`twiml-jsx: cannot find ${shown}; run the command in the project's folder or pass -p\n`);
  }
  const { diagnostics, pretty: configured } = await checkProject(configFile, { tsc: options.tsc, strict: options.strict }, cwd);
  const pretty = options.pretty ?? configured ?? prettyByDefault();
  process.stdout.write(formatReport(diagnostics, { pretty, cwd }));
  return diagnostics.some(isError) ? 1 : 0;
}

/** As tsc decides: NO_COLOR, then FORCE_COLOR, then whether the output is a terminal. */
function prettyByDefault(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR) return true;
  return process.stdout.isTTY === true;
}

function version(options: Options, cwd: string): number {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  const own = `twiml-jsx ${manifest.version}`;
  try {
    const compiler = findTypeScript(dirname(projectFile(options.project, cwd)));
    process.stdout.write(`${own} (TypeScript ${compiler.version} from ${compiler.location})\n`);
    return 0;
  } catch (error) {
    process.stdout.write(`${own}\n`);
    throw error;
  }
}

async function main(args: readonly string[]): Promise<number> {
  const cwd = process.cwd();
  try {
    const { action, options } = parseArguments(args);
    if (action === "help") {
      process.stdout.write(HELP);
      return 0;
    }
    return action === "version" ? version(options, cwd) : await check(options, cwd);
  } catch (error) {
    if (error instanceof CompilerNotFound) process.stderr.write(`twiml-jsx: ${error.message}\n`);
    else if (error instanceof Stop || error instanceof InvalidProject) process.stderr.write(error.message);
    else throw error;
    return 2;
  }
}

if (process.argv[2] === "call") {
  void runCall(process.argv.slice(3), process).then((status) => {
    process.exitCode = status;
  });
} else {
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
