// A TwiMLError prints as its class, code, message and path, however it is shown, and nothing internal.
import { spawnSync } from "node:child_process";
import { inspect } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { render, Say, TwiMLError, VoiceResponse } from "twiml-jsx";

const MESSAGE = "<Say> needs text or child elements at Response > Say";

function thrown(): TwiMLError {
  try {
    render(VoiceResponse({ children: Say({} as never) }));
  } catch (e) {
    if (e instanceof TwiMLError) return e;
    throw e;
  }
  throw new Error("expected a TwiMLError");
}

/** Runs a module in a fresh node process that imports the built package, as a user's program does. */
function run(body: string): { status: number | null; stderr: string } {
  const entry = new URL("../dist/esm/index.js", import.meta.url).href;
  const source = `import { render, Say, VoiceResponse } from ${JSON.stringify(entry)};\n${body}`;
  const result = spawnSync(process.execPath, ["--input-type=module", "--eval", source], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    encoding: "utf8",
  });
  return { status: result.status, stderr: result.stderr };
}

/** The first line and the property block of a printed error, without the stack frames between them. */
function shape(printed: string): string {
  return printed
    .replace(/\n {4}at [^\n]*?(?= \{\n|\n|$)/g, "")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .join("\n");
}

const PRINTED = `TwiMLError: ${MESSAGE} {\n  code: 'TWIML007',\n  path: 'Response > Say'\n}`;

describe("printing a TwiMLError", () => {
  test("String() gives the class and the located message", () => {
    expect(String(thrown())).toBe(`TwiMLError: ${MESSAGE}`);
  });

  test("util.inspect shows the class, message, code and path, and no internal field", () => {
    expect(shape(inspect(thrown()))).toBe(PRINTED);
  });

  test("the stack starts with the located message", () => {
    expect(thrown().stack!.split("\n")[0]).toBe(`TwiMLError: ${MESSAGE}`);
  });

  test("console.error prints the same in a fresh process", () => {
    const { stderr } = run("try { render(VoiceResponse({ children: Say({}) })); } catch (e) { console.error(e); }");
    expect(shape(stderr)).toBe(PRINTED);
  });

  test("an uncaught throw prints the same and exits with 1", () => {
    const { status, stderr } = run("render(VoiceResponse({ children: Say({}) }));");
    expect(status).toBe(1);
    // Node prints the source line of the throw above the error, then its version below it.
    const printed = shape(stderr).split("\n");
    const start = printed.findIndex((line) => line.startsWith("TwiMLError"));
    expect(printed.slice(start, start + 4).join("\n")).toBe(PRINTED);
  });

  test("the public fields stay readable", () => {
    const e = thrown();
    expect([e.name, e.code, e.problem, e.path]).toEqual(["TwiMLError", "TWIML007", "<Say> needs text or child elements", "Response > Say"]);
  });
});
