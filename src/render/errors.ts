import type { Code, Problem } from "../vocabulary/rules.js";

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
  readonly problem: string;
  /** Where it is, from the root: `Response > Gather[1] > Dial`. Empty until the renderer fills it in. */
  path: string;
  /** @internal Segments collected while the error travels up the tree, innermost first. */
  segments: string[] = [];

  constructor(problem: Problem) {
    super(problem.message);
    this.name = "TwiMLError";
    this.code = problem.code;
    this.problem = problem.message;
    this.path = "";
  }

  /** @internal Called once at the top of the tree. */
  locate(): this {
    this.path = this.segments.reverse().join(" > ");
    this.segments = [];
    if (this.path !== "") this.message = `${this.problem} at ${this.path}`;
    return this;
  }
}
