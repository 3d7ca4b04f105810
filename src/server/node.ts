// Placeholder: the node:http / Express adapter is being written.
export type NodeListener = (req: unknown, res: unknown) => void;

/** Turns a fetch-style handler into a `(req, res)` listener for `node:http` and Express. */
export function toNodeHandler(handler: (request: Request) => Promise<Response>): NodeListener {
  void handler;
  return () => undefined;
}
