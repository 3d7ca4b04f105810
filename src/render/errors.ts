import type { Code, Problem } from "../vocabulary/rules.js";

const SEGMENTS = Symbol("segments");

/**
 * The one error every check of this library throws. `code` is stable (`TWIML001`…), `path` locates the
 * element (`Response > Gather[1] > Dial`), and the message says what is wrong, where, and how to fix it.
 *
 * @example
 * try { render(<VoiceResponse><Gather><Dial>+15550100</Dial></Gather></VoiceResponse>) }
 * catch (e) { e.message }
 * //=> "<Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) at Response > Gather[0] > Dial"
 */
export class TwiMLError extends Error {
  readonly code: Code;
  /** What is wrong, without the location. */
  declare readonly problem: string;
  /** Where it is, from the root: `Response > Gather[1] > Dial`. Empty until the renderer fills it in. */
  path: string;
  /**
   * Path segments collected while the error travels up the tree, innermost first. Keyed by a symbol and not
   * enumerable, so `util.inspect`, `console.error` and test runners show only the public fields.
   */
  declare [SEGMENTS]: string[];

  constructor(problem: Problem) {
    super(problem.message);
    this.code = problem.code;
    this.path = "";
    // Not enumerable: printed errors show the class, message, code and path, not the message a second time.
    Object.defineProperty(this, "problem", { value: problem.message, enumerable: false });
    Object.defineProperty(this, SEGMENTS, { value: [], writable: true, enumerable: false });
  }
}

// The class's name whatever a minifier renames it to: `String(error)` and stacks print `name`, and
// `util.inspect` prints the constructor's name beside it when the two differ (`O [TwiMLError]`).
Object.defineProperty(TwiMLError, "name", { value: "TwiMLError" });
Object.defineProperty(TwiMLError.prototype, "name", { value: "TwiMLError", writable: true, configurable: true });

/** Adds the next segment outward of where the error stands. */
export function addSegment(error: TwiMLError, segment: string): void {
  error[SEGMENTS].push(segment);
}

/** Whether no segment has been added yet (the error stands at the element that threw it). */
export function atOrigin(error: TwiMLError): boolean {
  return error[SEGMENTS].length === 0;
}

/** Called once at the top of the tree: the path from the segments, and the message with it. */
export function locate(error: TwiMLError): void {
  error.path = error[SEGMENTS].reverse().join(" > ");
  error[SEGMENTS] = [];
  if (error.path !== "") {
    error.message = `${error.problem} at ${error.path}`;
    // Engines that wrote the stack's first line when the error was made show the message without its path;
    // V8 writes it on first read, with the located message already.
    const stack = error.stack;
    if (stack !== undefined && !stack.startsWith(`TwiMLError: ${error.message}`)) error.stack = stack.replace(error.problem, error.message);
  }
}

/** A value as an error message shows it. */
export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (typeof v === "object" && v !== null) return "an object";
  return String(v);
}
