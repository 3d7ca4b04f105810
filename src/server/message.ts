// Reading the JSON messages of Twilio's WebSocket protocols (ConversationRelay, Media Streams): each field is
// checked against what Twilio documents, and the first mismatch is reported with its path, so that a
// malformed message fails where it arrives instead of as an `undefined` deep in an agent. Fields Twilio adds
// later are kept as they are.
import { describe } from "./options.js";

/** A WebSocket message that is not what the protocol documents: not JSON, an unknown type, a field missing or of the wrong type. */
export class WebSocketMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebSocketMessageError";
  }
}

/** What a WebSocket library hands over for a message: text, or its UTF-8 bytes. */
export type WebSocketData = string | ArrayBuffer | ArrayBufferView;

/** Reads a field's value, or throws a description of what is wrong with it (`must be a string, got 12`). */
export type Field<T> = (value: unknown) => T;

class Mismatch {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {}
}

const fail = (expected: string, value: unknown): never => {
  throw new Mismatch("", `must be ${expected}, got ${describe(value)}`);
};

/** Refuses a message for a rule across fields: `problem` follows the field's name in the error. */
export function invalid(field: string, problem: string): never {
  throw new Mismatch(`.${field}`, problem);
}

export const text: Field<string> = (value) => (typeof value === "string" ? value : fail("a string", value));

export const flag: Field<boolean> = (value) => (typeof value === "boolean" ? value : fail("true or false", value));

export const count: Field<number> = (value) => (typeof value === "number" && Number.isFinite(value) ? value : fail("a number", value));

/** A number of milliseconds, also accepted as the decimal text Twilio's examples sometimes show. */
export const milliseconds: Field<number> = (value) =>
  typeof value === "string" && /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : count(value);

export function oneOf<const T extends string>(...values: readonly T[]): Field<T> {
  return (value) =>
    typeof value === "string" && (values as readonly string[]).includes(value)
      ? (value as T)
      : fail(`one of ${values.map((name) => JSON.stringify(name)).join(", ")}`, value);
}

export function list<T>(item: Field<T>): Field<T[]> {
  return (value) => {
    if (!Array.isArray(value)) return fail("an array", value);
    return value.map((entry, i) => within(`[${i}]`, () => item(entry)));
  };
}

/** An object of text values, such as the custom parameters of `<Parameter>` children. */
export const texts: Field<Record<string, string>> = (value) => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("an object of strings", value);
  const result: Record<string, string> = Object.create(null);
  for (const [name, entry] of Object.entries(value)) result[name] = within(`.${name}`, () => text(entry));
  return result;
};

export const optional =
  <T>(field: Field<T>): Field<T | undefined> =>
  (value) =>
    value === undefined ? undefined : field(value);

type Shape = Readonly<Record<string, Field<unknown>>>;
type Read<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/** An object whose fields `shape` reads; other fields are kept as received. */
export function object<S extends Shape>(shape: S): Field<Read<S>> {
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("an object", value);
    const result: Record<string, unknown> = { ...value };
    for (const [name, field] of Object.entries(shape)) {
      const read = within(`.${name}`, () => field((value as Record<string, unknown>)[name]));
      if (read === undefined) delete result[name];
      else result[name] = read;
    }
    return result as Read<S>;
  };
}

function within<T>(step: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Mismatch) throw new Mismatch(step + error.path, error.problem);
    throw error;
  }
}

/**
 * Parses one message of a protocol whose messages are told apart by the field `key` (`type`, `event`):
 * `kinds` reads each kind's fields.
 */
export function parseMessage<T>(protocol: string, data: WebSocketData, key: string, kinds: Readonly<Record<string, Field<unknown>>>): T {
  let message: unknown;
  try {
    const json = typeof data === "string" ? data : new TextDecoder("utf-8", { fatal: true }).decode(data as Uint8Array);
    message = JSON.parse(json);
  } catch (error) {
    throw new WebSocketMessageError(`${protocol}: the message is not JSON text (${(error as Error).message})`);
  }
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    throw new WebSocketMessageError(`${protocol}: the message must be a JSON object, got ${describe(message)}`);
  }
  const kind = (message as Record<string, unknown>)[key];
  const known = Object.keys(kinds);
  if (typeof kind !== "string" || !Object.hasOwn(kinds, kind)) {
    throw new WebSocketMessageError(`${protocol}: the message's "${key}" must be one of ${known.join(", ")}, got ${describe(kind)}`);
  }
  try {
    return kinds[kind]!(message) as T;
  } catch (error) {
    if (!(error instanceof Mismatch)) throw error;
    throw new WebSocketMessageError(`${protocol} (${key} "${kind}"): ${error.path.slice(1)} ${error.problem}`);
  }
}
