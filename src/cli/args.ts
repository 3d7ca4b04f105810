// Reading a command line the same way in every command: `--name value` and `--name=value`.

/** A wrong command line: the command reports it with exit status 2. */
export class Usage extends Error {}

/** One argument as written, its option name (`--port` for `--port=3000`), and the option's value on request. */
export interface Argument {
  readonly arg: string;
  readonly name: string;
  /** The value after `=`, or else the next argument, which then is consumed; a `Usage` error when there is none. */
  value(): string;
}

/** The arguments in order; an option's value, once asked for, is not seen again as an argument. */
export function* scanArguments(args: readonly string[]): Generator<Argument> {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = equals === -1 ? arg : arg.slice(0, equals);
    yield {
      arg,
      name,
      value: () => {
        const given = equals === -1 ? args[++i] : arg.slice(equals + 1);
        if (given === undefined || (equals === -1 && given.startsWith("--"))) throw new Usage(`${name} needs a value`);
        return given;
      },
    };
  }
}
