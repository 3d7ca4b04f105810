/** The message of the `kind` of error `run` throws, or "accepted" when it throws nothing; other errors propagate. */
export function thrownMessage(kind: new (...args: never[]) => Error, run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof kind) return error.message;
    throw error;
  }
  return "accepted";
}
