import { TwiMLError } from "twiml-jsx";

/** Runs `f` and returns the TwiMLError it throws, failing the test when it throws nothing or something else. */
export function thrown(f: () => unknown): TwiMLError {
  try {
    f();
  } catch (e) {
    if (e instanceof TwiMLError) return e;
    throw e;
  }
  throw new Error("expected a TwiMLError, but nothing was thrown");
}
