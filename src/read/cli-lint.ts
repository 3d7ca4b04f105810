// `twiml-jsx lint`: reports every problem of TwiML documents (files, URLs, standard input) in tsc's one-line
// format, or as JSON. Exit status 0 without errors (warnings alone are fine), 1 with errors, 2 when a document
// cannot be read or the command line is wrong.
import { InputError, UsageError, commandLine, optionValue, readSource, type CommandIO } from "./input.js";
import { lint, type LintProblem } from "./lint.js";

export const LINT_HELP = `Usage: twiml-jsx lint <file|URL|-> ... [options]

Reads TwiML documents (files, http(s) URLs fetched with GET, or - for standard input) and reports every
problem at once: XML that is not well-formed (XML001), each TwiML rule the renderer enforces (TWIML codes,
as errors), and as warnings the verbs that never run (TWIML013) and the limits Twilio only warns about
(11750: a document over 64 kB; TWIML012: more than 10 replies; TWIML019: text longer than a <Say> takes).

Options:
  --format <text|json>  text: one line per problem, file(line,col): error CODE: message, as tsc prints them
                        (the default); json: an array of { file, line, column, severity, code, message, path }
  --no-limits           leave out the limits Twilio only warns about
  -h, --help            print this help

Exit status: 0 without errors (warnings alone are fine), 1 with errors, 2 when a document cannot be read or
the command line is wrong.
`;

/** One problem as tsc prints one diagnostic: `file(line,col): error CODE: message`. */
export function formatProblem(file: string, p: LintProblem): string {
  return `${file}(${p.line},${p.column}): ${p.severity} ${p.code}: ${p.message}\n`;
}

interface Options {
  readonly sources: string[];
  format: "text" | "json";
  limits: boolean;
  help: boolean;
}

function parseArguments(args: readonly string[]): Options {
  const options: Options = { sources: [], format: "text", limits: true, help: false };
  for (const i = { value: 0 }; i.value < args.length; i.value++) {
    const arg = args[i.value]!;
    if (arg === "-h" || arg === "--help") options.help = true;
    else if (arg === "--no-limits") options.limits = false;
    else if (arg === "--format" || arg.startsWith("--format=")) {
      const format = optionValue(args, i, "--format");
      if (format !== "text" && format !== "json") throw new UsageError(`--format is text or json, not ${format}`);
      options.format = format;
    } else if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option ${arg}`);
    else options.sources.push(arg);
  }
  if (!options.help && options.sources.length === 0) {
    throw new UsageError("name the documents to lint: files, URLs, or - for standard input");
  }
  return options;
}

export async function run(args: readonly string[], io: CommandIO): Promise<number> {
  const options = commandLine("lint", LINT_HELP, args, io, parseArguments);
  if (typeof options === "number") return options;
  const found: (LintProblem & { file: string })[] = [];
  let unreadable = false;
  for (const source of options.sources) {
    let text: string;
    try {
      text = await readSource(source, io);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      io.stderr.write(`twiml-jsx lint: ${error.message}\n`);
      unreadable = true;
      continue;
    }
    const file = source === "-" ? "<stdin>" : source;
    for (const p of lint(text, { limits: options.limits })) {
      found.push({ file, ...p });
    }
  }
  if (options.format === "json") {
    const shown = found.map(({ file, line, column, severity, code, message, path }) => {
      return { file, line, column, severity, code, message, path };
    });
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    io.stdout.write(found.map((p) => formatProblem(p.file, p)).join(""));
  }
  if (unreadable) return 2;
  return found.some((p) => p.severity === "error") ? 1 : 0;
}
