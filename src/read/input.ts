// Where the read commands get documents: a file, a URL (fetched as Twilio would fetch it), or standard input,
// decoded strictly so that a byte the encoding does not allow is reported rather than replaced with U+FFFD.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { CommandIO } from "../cli/commands.js";

export type { CommandIO };

/** A document the command could not get: exit status 2. */
export class InputError extends Error {}

/** A wrong command line: exit status 2. */
export class UsageError extends Error {}

/** Twilio gives a TwiML fetch about 15 seconds; a lint of a live URL waits no longer. */
const FETCH_TIMEOUT_MS = 15_000;

const isUrl = (source: string): boolean => /^https?:\/\//i.test(source);

/**
 * Text from bytes: UTF-16 when a byte order mark says so, else UTF-8 (a UTF-8 mark is dropped). Invalid
 * sequences, such as an unpaired UTF-16 surrogate or a stray UTF-8 continuation byte, throw `InputError`.
 */
export function decode(bytes: Uint8Array, name: string): string {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${name} is not valid ${encoding.toUpperCase()} text (save it as UTF-8)`);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : (chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The document `source` names (a path, an http(s) URL, or `-` for standard input), as text. */
export async function readSource(source: string, io: CommandIO): Promise<string> {
  if (source === "-") {
    if (io.stdin === undefined) throw new InputError("no standard input to read the document from");
    return decode(await readStream(io.stdin), "standard input");
  }
  if (isUrl(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: "application/xml, text/xml" } });
    } catch (error) {
      throw new InputError(`cannot fetch ${source}: ${(error as Error).cause ?? (error as Error).message}`);
    }
    if (!response.ok) throw new InputError(`cannot fetch ${source}: HTTP ${response.status} ${response.statusText}`.trimEnd());
    return decode(new Uint8Array(await response.arrayBuffer()), source);
  }
  try {
    return decode(await readFile(resolve(io.cwd, source)), source);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message;
    throw new InputError(`cannot read ${source}: ${why}`);
  }
}

/** The argument of an option given as `--name value` or `--name=value`; advances past it. */
export function optionValue(args: readonly string[], i: { value: number }, name: string): string {
  const arg = args[i.value]!;
  const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[++i.value];
  if (value === undefined || value === "") throw new UsageError(`${name} needs a value`);
  return value;
}

/**
 * Reads a command line with `parse`. Prints the help, or what is wrong with the command line, and returns the
 * exit status when that is all there is to do; returns the options otherwise.
 */
export function commandLine<T extends { readonly help: boolean }>(
  command: string,
  help: string,
  args: readonly string[],
  io: CommandIO,
  parse: (args: readonly string[]) => T,
): T | number {
  try {
    const options = parse(args);
    if (!options.help) return options;
    io.stdout.write(help);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`twiml-jsx ${command}: ${error.message} (see twiml-jsx ${command} --help)\n`);
    return 2;
  }
}
