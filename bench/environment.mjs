// What a benchmark ran on, recorded beside its results.
import os from "node:os";

/** The machine, Node and load of a run that started at `started` (ms) with load average `loadBefore`. */
export function environmentOf(loadBefore, loadAfter, started) {
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    loadAverage: { before: loadBefore, after: loadAfter },
    seconds: (Date.now() - started) / 1000,
  };
}
