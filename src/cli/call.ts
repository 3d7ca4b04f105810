// `twiml-jsx call`: the simulator's command line, which lives beside the simulator it drives.
import { runCall } from "../testing/cli-call.js";
import type { CommandIO } from "./commands.js";

export function run(args: readonly string[], io: CommandIO): Promise<number> {
  return runCall(args, io);
}
