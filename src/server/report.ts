// Where a server's errors go: to the `onError` hook when one is given, otherwise to the log (stderr by
// default), as server frameworks do, so that a 500 is never silent.
import { TwiMLError } from "twiml-jsx";
import type { SignatureVerdict } from "./signature.js";

/** Writes one message to the server's log; the default is `console.error`, that is stderr. */
export type Log = (message: string) => void;

export const stderr: Log = (message) => {
  console.error(message);
};

/**
 * Hands an error to `onError`, or, without one, writes it to the log with what was being answered. A hook or
 * a log that throws is ignored: reporting an error must not take the server down.
 */
export function report<R>(
  error: unknown,
  request: R,
  what: string,
  onError: ((error: unknown, request: R) => void) | undefined,
  log: Log,
): void {
  try {
    if (onError !== undefined) onError(error, request);
    else log(`${what}: ${describeError(error)}`);
  } catch {
    // Nothing left to report to.
  }
}

/** Writes to the log, ignoring a log that throws. */
export function note(log: Log, message: string): void {
  try {
    log(message);
  } catch {
    // Nothing left to report to.
  }
}

/**
 * An error as a log shows it: for a `TwiMLError`, its code, message and path in the element tree; then the
 * stack frames, if any.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `a non-Error value was thrown: ${String(error)}`;
  let head = `${error.name}: ${error.message}`;
  if (error instanceof TwiMLError) {
    head = `${error.name} ${error.code}: ${error.message}`;
    if (error.path !== "" && !error.message.includes(error.path)) head += ` at ${error.path}`;
  }
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  return [head, ...frames].join("\n");
}

/** Why a signature was refused, for the log: the reason, the URLs tried, and the usual fix. */
export function refusal(verdict: SignatureVerdict & { valid: false }, hasPublicUrl: boolean): string {
  if (verdict.urlsChecked.length === 0) return `${verdict.reason}.`;
  const fix = hasPublicUrl
    ? "Check that publicUrl is the URL Twilio calls, as set in the Twilio Console."
    : 'Behind a proxy or tunnel (ngrok…) the server sees another URL than the one Twilio signed: set publicUrl to the public origin, such as "https://abc.ngrok.app".';
  return `${verdict.reason} (${verdict.urlsChecked.join(", ")}; each with and without its port, and normalised). ${fix}`;
}
