import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CONVERT_HELP, run as convert } from "../../src/read/cli-convert.js";
import { LINT_HELP, run as lint } from "../../src/read/cli-lint.js";
import { toTSX } from "../../src/read/tsx.js";

const folder = mkdtempSync(join(tmpdir(), "twiml-jsx-read-cli-"));
const file = (name: string, content: string | Uint8Array): string => {
  writeFileSync(join(folder, name), content);
  return name;
};

const VALID = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Hello</Say>\n</Response>\n';
const INVALID = "<Response>\n  <Gather>\n    <Dial>+15550100</Dial>\n  </Gather>\n  <Hangup/>\n  <Say>Bye</Say>\n</Response>\n";
const WARNING = "<Response><Hangup/><Say>Bye</Say></Response>";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function call(command: typeof lint, args: string[], stdin?: string | Uint8Array): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const code = await command(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: stdin === undefined ? undefined : Readable.from([typeof stdin === "string" ? Buffer.from(stdin) : stdin]),
    env: {},
    cwd: folder,
  });
  return { code, stdout, stderr };
}

/** A real HTTP server on the loopback interface, answering each path with a fixed status and body. */
let server: Server;
let base: string;
const ROUTES: Record<string, [number, string]> = {
  "/voice/menu.xml": [200, INVALID],
  "/ok": [200, VALID],
  "/missing": [404, "not here"],
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const [status, body] = ROUTES[request.url ?? ""] ?? [500, ""];
    response.writeHead(status, { "content-type": "application/xml" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

describe("twiml-jsx lint", () => {
  test("prints each problem as tsc does and exits 1 on errors", async () => {
    expect(await call(lint, [file("menu.xml", INVALID)])).toEqual({
      code: 1,
      stdout:
        "menu.xml(3,5): error TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) at Response > Gather[0] > Dial\n" +
        "menu.xml(6,3): warning TWIML013: <Say> never runs: it comes after <Hangup>, which ends the document at Response > Say\n",
      stderr: "",
    });
  });

  test("prints nothing and exits 0 for a valid document", async () => {
    expect(await call(lint, [file("ok.xml", VALID)])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test("exits 0 when there are only warnings", async () => {
    expect((await call(lint, [file("warning.xml", WARNING)])).code).toBe(0);
  });

  test("reports XML that is not well-formed as XML001 at its place", async () => {
    expect((await call(lint, [file("broken.xml", "<Response>\n<Say>Hi</say>\n</Response>")])).stdout).toBe(
      "broken.xml(2,8): error XML001: expected </Say> to close <Say> (opened at line 2, column 1), found </say>\n",
    );
  });

  test("lints several documents in one run", async () => {
    const result = await call(lint, [file("a.xml", WARNING), file("b.xml", "<Response><Hangup>now</Hangup></Response>")]);
    expect(result.stdout.split("\n").map((line) => line.split(":")[0])).toEqual(["a.xml(1,20)", "b.xml(1,11)", ""]);
  });

  test("--format json prints the problems as an array", async () => {
    const result = await call(lint, ["--format", "json", file("warning.xml", WARNING)]);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: "warning.xml",
        line: 1,
        column: 20,
        severity: "warning",
        code: "TWIML013",
        message: "<Say> never runs: it comes after <Hangup>, which ends the document at Response > Say",
        path: "Response > Say",
      },
    ]);
  });

  test("reads standard input for -", async () => {
    expect((await call(lint, ["-"], INVALID)).stdout.split("(")[0]).toBe("<stdin>");
  });

  test("fetches a URL from a real server", async () => {
    const result = await call(lint, [`${base}/voice/menu.xml`]);
    expect([result.code, result.stdout.split("\n")[0]]).toEqual([
      1,
      `${base}/voice/menu.xml(3,5): error TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) at Response > Gather[0] > Dial`,
    ]);
  });

  test("exits 2 when a URL answers with an error status", async () => {
    expect(await call(lint, [`${base}/missing`])).toEqual({
      code: 2,
      stdout: "",
      stderr: `twiml-jsx lint: cannot fetch ${base}/missing: HTTP 404 Not Found\n`,
    });
  });

  test("exits 2 for a file that does not exist, after linting the others", async () => {
    expect(await call(lint, ["nowhere.xml", file("ok.xml", VALID)])).toEqual({
      code: 2,
      stdout: "",
      stderr: "twiml-jsx lint: cannot read nowhere.xml: no such file\n",
    });
  });

  test("exits 2 for bytes that are not UTF-8", async () => {
    expect(
      (
        await call(lint, [
          file("latin1.xml", Uint8Array.from([...Buffer.from("<Response><Say>caf"), 0xe9, ...Buffer.from("</Say></Response>")])),
        ])
      ).stderr,
    ).toBe("twiml-jsx lint: latin1.xml is not valid UTF-8 text (save it as UTF-8)\n");
  });

  test("exits 2 for UTF-16 with an unpaired surrogate", async () => {
    const text = Buffer.from("\uFEFF<Response><Say>a?</Say></Response>", "utf16le");
    text.writeUInt16LE(0xd83d, text.indexOf(Buffer.from("?", "utf16le")));
    expect((await call(lint, [file("utf16.xml", text)])).stderr).toBe(
      "twiml-jsx lint: utf16.xml is not valid UTF-16LE text (save it as UTF-8)\n",
    );
  });

  test("reads UTF-16 with a byte order mark, and UTF-8 with one", async () => {
    const utf16 = file("utf16-ok.xml", Buffer.from(`\uFEFF${VALID}`, "utf16le"));
    const utf8 = file("utf8-bom.xml", Buffer.from(`\uFEFF${VALID}`, "utf8"));
    expect(await call(lint, [utf16, utf8])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test("--no-limits leaves Twilio's limits out", async () => {
    const big = file("big.xml", `<Response><Play>${"a".repeat(70_000)}</Play></Response>`);
    expect([(await call(lint, [big])).stdout.split(":")[1], (await call(lint, ["--no-limits", big])).stdout]).toEqual([
      " warning 11750",
      "",
    ]);
  });

  test("--help prints the help and exits 0", async () => {
    expect(await call(lint, ["--help"])).toEqual({ code: 0, stdout: LINT_HELP, stderr: "" });
  });

  test("exits 2 without a document", async () => {
    expect(await call(lint, [])).toEqual({
      code: 2,
      stdout: "",
      stderr: "twiml-jsx lint: name the documents to lint: files, URLs, or - for standard input (see twiml-jsx lint --help)\n",
    });
  });

  test("exits 2 for an unknown format", async () => {
    expect((await call(lint, ["--format=xml", "a.xml"])).stderr).toBe(
      "twiml-jsx lint: --format is text or json, not xml (see twiml-jsx lint --help)\n",
    );
  });
});

describe("twiml-jsx convert", () => {
  test("writes the TSX of a document, its component named after the file", async () => {
    expect(await call(convert, [file("ivr-menu.xml", VALID)])).toEqual({ code: 0, stdout: toTSX(VALID, { name: "IvrMenu" }), stderr: "" });
  });

  test("--name names the component", async () => {
    expect((await call(convert, ["--name", "Greeting", file("ok.xml", VALID)])).stdout).toBe(toTSX(VALID, { name: "Greeting" }));
  });

  test("-o writes the TSX to a file", async () => {
    expect(await call(convert, [file("hello.xml", VALID), "-o", "hello.tsx"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(folder, "hello.tsx"), "utf8")).toBe(toTSX(VALID, { name: "Hello" }));
  });

  test("converts standard input into a component named Twiml", async () => {
    expect((await call(convert, ["-"], VALID)).stdout).toBe(toTSX(VALID, { name: "Twiml" }));
  });

  test("converts a document fetched from a real server", async () => {
    expect((await call(convert, [`${base}/ok`])).stdout).toBe(toTSX(VALID, { name: "Ok" }));
  });

  test("writes the TSX of a document with errors, lists them on standard error and exits 1", async () => {
    expect(await call(convert, [file("menu.xml", INVALID)])).toEqual({
      code: 1,
      stdout: toTSX(INVALID, { name: "Menu" }),
      stderr:
        "menu.xml(3,5): error TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) at Response > Gather[0] > Dial\n" +
        "menu.xml(6,3): warning TWIML013: <Say> never runs: it comes after <Hangup>, which ends the document at Response > Say\n",
    });
  });

  test("exits 2 for XML that is not well-formed", async () => {
    expect(await call(convert, [file("broken.xml", "<Response>\n<Say>")])).toEqual({
      code: 2,
      stdout: "",
      stderr: "broken.xml(2,6): error XML001: expected </Say> to close <Say> (opened at line 2, column 1), found the end of the document\n",
    });
  });

  test("exits 2 for a root other than <Response>", async () => {
    expect((await call(convert, [file("say.xml", "<Say>Hi</Say>")])).stderr).toBe(
      "twiml-jsx convert: <Say> cannot be the root: a TwiML document is one <Response> element\n",
    );
  });

  test("exits 2 for a component name TSX cannot use", async () => {
    expect((await call(convert, ["--name", "menu", file("ok.xml", VALID)])).stderr).toBe(
      'twiml-jsx convert: "menu" is not a component name (use a capitalised identifier such as Menu)\n',
    );
  });

  test("--help prints the help and exits 0", async () => {
    expect(await call(convert, ["-h"])).toEqual({ code: 0, stdout: CONVERT_HELP, stderr: "" });
  });

  test("exits 2 for a second document", async () => {
    expect((await call(convert, ["a.xml", "b.xml"])).stderr).toBe(
      "twiml-jsx convert: convert reads one document; unexpected b.xml (see twiml-jsx convert --help)\n",
    );
  });
});
