// The commands of `twiml-jsx <command>`. Each is loaded only when it runs: the checker pulls in TypeScript and
// the whole vocabulary, the call simulator an XML parser and an HTTP client, and a command pays for neither
// of the others. The build turns each `import()` below into a chunk of its own.
//
// Adding a command: one row here, and a module that exports
//
//   export async function run(args: readonly string[], io: CommandIO): Promise<number>
//
// which receives the arguments after the command's name, writes only through `io` (never `process.stdout`,
// `process.exit` or `process.cwd()`, so that tests and other hosts can run it in-process), handles its own
// `-h`/`--help`, and resolves to the exit status: 0 success, 1 the command's own failure (errors found, a call
// that ended in an error), 2 a wrong command line or a configuration that stops it from running.

/** Where a command reads and writes, and the environment it runs in. */
export interface CommandIO {
  /** `isTTY` tells whether colours or prompts make sense, as on `process.stdout`. */
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Piped input, or a terminal to prompt on (`isTTY`); absent when the command runs without one. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths are resolved against. */
  readonly cwd: string;
  /**
   * Turns V8's optimizing compiler off for the rest of the process, when the process is the command's own (the
   * `twiml-jsx` executable provides it; a host that runs a command in-process does not): for a command that
   * spends its time waiting on another process and ends, which does not live to profit from the compiling.
   */
  readonly withoutOptimizingCompiler?: () => void;
}

/** A command module, as `load` resolves it. */
export interface CommandModule {
  run(args: readonly string[], io: CommandIO): Promise<number>;
}

export interface Command {
  readonly name: string;
  /** One line for `twiml-jsx --help`. */
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

export const COMMANDS: readonly Command[] = [
  {
    name: "check",
    summary: "type-check a project and report the TwiML nesting errors TypeScript cannot see",
    load: () => import("../check/cli.js"),
  },
  {
    name: "call",
    summary: "place a simulated call to a running TwiML app and print what the caller hears",
    load: () => import("./call.js"),
  },
  {
    name: "phone",
    summary: "open a phone and debugger in the browser for a TwiML app (calls, texts, timeline, flow map)",
    load: () => import("../phone/cli.js"),
  },
  {
    name: "lint",
    summary: "report every problem of TwiML documents (files, URLs, stdin) at once, as tsc reports",
    load: () => import("../read/cli-lint.js"),
  },
  {
    name: "convert",
    summary: "write a TwiML document (a file, a URL, stdin) as a TSX component that renders it again",
    load: () => import("../read/cli-convert.js"),
  },
];
