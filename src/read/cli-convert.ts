// `twiml-jsx convert`: turns a TwiML document into a TSX component that renders it again. Exit status 0 when
// the document is valid TwiML, 1 when it has errors (listed on standard error; the TSX is still written, and
// reproduces them), 2 when it cannot be read or converted, or the command line is wrong.
import { writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { TwiMLError } from "../index.js";
import { XmlParseError } from "../xml/parse.js";
import { InputError, UsageError, commandLine, optionValue, readSource, type CommandIO } from "./input.js";
import { formatProblem } from "./cli-lint.js";
import { lint } from "./lint.js";
import { ToTSXError, toTSX } from "./tsx.js";

export const CONVERT_HELP = `Usage: twiml-jsx convert <file|URL|-> [options]

Writes a TwiML document (a file, an http(s) URL fetched with GET, or - for standard input) as a TSX module
whose default export is a component that renders the same XML: typed attributes, SSML as lower-case
elements, tags and attributes this library does not know through UnlistedElement and unlistedAttributes.

Options:
  --name <Name>         the component's name (default: from the file name, such as Menu for menu.xml, else Twiml)
  -o, --output <file>   write the TSX to this file instead of standard output
  -h, --help            print this help

Exit status: 0 when the document is valid TwiML; 1 when it has errors, listed on standard error as lint lists
them (the TSX is still written and reproduces them, so TypeScript or the renderer point at each); 2 when the
document cannot be read or is not well-formed XML with a <Response> root, or the command line is wrong.
`;

interface Options {
  source: string | undefined;
  name: string | undefined;
  output: string | undefined;
  help: boolean;
}

function parseArguments(args: readonly string[]): Options {
  const options: Options = { source: undefined, name: undefined, output: undefined, help: false };
  for (const i = { value: 0 }; i.value < args.length; i.value++) {
    const arg = args[i.value]!;
    if (arg === "-h" || arg === "--help") options.help = true;
    else if (arg === "--name" || arg.startsWith("--name=")) options.name = optionValue(args, i, "--name");
    else if (arg === "-o" || arg === "--output" || arg.startsWith("--output=")) {
      options.output = optionValue(args, i, arg === "-o" ? "-o" : "--output");
    } else if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option ${arg}`);
    else if (options.source === undefined) options.source = arg;
    else throw new UsageError(`convert reads one document; unexpected ${arg}`);
  }
  if (!options.help && options.source === undefined) {
    throw new UsageError("name the document to convert: a file, a URL, or - for standard input");
  }
  return options;
}

/** `ivr-menu.xml` → `IvrMenu`; nothing usable → `Twiml`. */
function nameFrom(source: string): string {
  if (source === "-") return "Twiml";
  const path = /^https?:\/\//i.test(source) ? new URL(source).pathname : source;
  const stem = basename(path).replace(/\.[^.]*$/, "");
  const name = stem
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
  return /^[A-Z]/.test(name) ? name : "Twiml";
}

export async function run(args: readonly string[], io: CommandIO): Promise<number> {
  const options = commandLine("convert", CONVERT_HELP, args, io, parseArguments);
  if (typeof options === "number") return options;
  const source = options.source!;
  const file = source === "-" ? "<stdin>" : source;
  let tsx: string;
  let text: string;
  try {
    text = await readSource(source, io);
    tsx = toTSX(text, { name: options.name ?? nameFrom(source) });
  } catch (error) {
    if (error instanceof XmlParseError) {
      io.stderr.write(`${file}(${error.line},${error.column}): error XML001: ${error.message}\n`);
    } else if (error instanceof InputError || error instanceof TwiMLError || error instanceof ToTSXError) {
      io.stderr.write(`twiml-jsx convert: ${error.message}\n`);
    } else {
      throw error;
    }
    return 2;
  }
  if (options.output === undefined) io.stdout.write(tsx);
  else await writeFile(resolve(io.cwd, options.output), tsx);
  const problems = lint(text);
  io.stderr.write(problems.map((p) => formatProblem(file, p)).join(""));
  return problems.some((p) => p.severity === "error") ? 1 : 0;
}
