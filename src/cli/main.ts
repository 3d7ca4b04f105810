// The `twiml-jsx` executable: finds the command named by the first argument and runs it. It imports nothing
// but the command table (and Node's `v8`), so `twiml-jsx --help` and a mistyped command answer at once.
import { setFlagsFromString } from "node:v8";
import { COMMANDS, type Command, type CommandIO } from "./commands.js";

const names = (): string => COMMANDS.map((command) => command.name).join(", ");

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `Usage: twiml-jsx <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join("\n")}

Options:
  -h, --help     print this help; twiml-jsx <command> --help prints a command's options
  -v, --version  print the version
`;
}

/** The commands a mistyped name may have meant: one letter off, or the start of their name. */
function closest(name: string): Command[] {
  return COMMANDS.filter((command) => command.name.startsWith(name) || distance(command.name, name) <= 1);
}

/** Levenshtein distance, for names of a few letters. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Runs `twiml-jsx` with the arguments after the program's name; resolves to the exit status. */
async function main(args: readonly string[], io: CommandIO): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) {
    io.stderr.write(`twiml-jsx: missing command; the commands are ${names()} (see twiml-jsx --help)\n`);
    return 2;
  }
  if (first === "-h" || first === "--help") {
    io.stdout.write(help());
    return 0;
  }
  if (first === "-v" || first === "--version") {
    // Loaded here rather than at the top: the checker shares it, and a static import would make its chunk
    // import this entry back.
    const { packageVersion } = await import("./version.js");
    io.stdout.write(`twiml-jsx ${packageVersion()}\n`);
    return 0;
  }
  if (first === "help") {
    const [topic] = rest;
    if (topic === undefined) {
      io.stdout.write(help());
      return 0;
    }
    return main([topic, "--help"], io);
  }
  const command = COMMANDS.find((candidate) => candidate.name === first);
  if (command === undefined) {
    const kind = first.startsWith("-") ? "option" : "command";
    const guesses = kind === "command" ? closest(first).map((command) => command.name) : [];
    const hint =
      guesses.length === 0
        ? `the commands are ${names()}`
        : `did you mean ${[guesses.slice(0, -1).join(", "), guesses.at(-1)].filter(Boolean).join(" or ")}?`;
    io.stderr.write(`twiml-jsx: unknown ${kind} ${first}; ${hint} (see twiml-jsx --help)\n`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest, io);
}

/**
 * Turns V8's optimizing compiler (TurboFan) off for the rest of this process (see `CommandIO`). It compiles the
 * functions that run often on threads of its own, which pays off in a process that keeps running. The checker
 * on TypeScript 7 asks for it: on the checker's benchmark project, on a 2-core machine, the check then took
 * about 130 ms less CPU time (of some 900, the compiler's process included), and on a project ten times its
 * size it was no slower. `setFlagsFromString` is Node's (`node:v8`); a runtime without it runs unchanged.
 */
function withoutOptimizingCompiler(): void {
  try {
    setFlagsFromString("--no-turbofan");
  } catch {
    // Not Node's V8 (Bun, for one): nothing to turn off.
  }
}

const io: CommandIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  // Read only by the commands that take input: touching `process.stdin` opens it.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
  withoutOptimizingCompiler,
};
void main(process.argv.slice(2), io).then((status) => {
  process.exitCode = status;
});
