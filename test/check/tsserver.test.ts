// Starts a real tsserver the way an editor does, on projects whose tsconfig.json names `twiml-jsx/plugin`, and
// reads the diagnostics it publishes after `geterr`. The plugin under test is the built package (`npm test`
// builds first): the projects' node_modules/twiml-jsx links to the repository, as `npm link` would. tsserver
// resolves plugin names the Node 10 way, without package.json `exports`, so this also proves that
// `twiml-jsx/plugin` resolves as a folder and that the module it loads is the factory itself.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = fileURLToPath(new URL("tsserver-fixtures/", import.meta.url));
/** Bound on every wait for tsserver: loading a project takes a few seconds on a slow machine. */
const TIMEOUT = 30_000;

interface Location {
  line: number;
  offset: number;
}

/** A diagnostic as the tsserver protocol publishes it (`protocol.Diagnostic`): lines and offsets from 1. */
interface Diagnostic {
  start: Location;
  end: Location;
  text: string;
  code: number;
  category: string;
  source?: string;
}

interface Message {
  type: "response" | "event";
  event?: string;
  body?: { file?: string; diagnostics?: Diagnostic[]; request_seq?: number };
}

/** A tsserver child process: requests one JSON per line, answers framed by `Content-Length` headers. */
class TsServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly received: Message[] = [];
  private readonly listeners = new Set<() => void>();
  private unread = Buffer.alloc(0);
  private seq = 0;
  private stderr = "";
  private exited = false;

  constructor(tsserver: string, args: readonly string[]) {
    this.child = spawn(process.execPath, [tsserver, ...args], { stdio: "pipe" });
    this.child.stdout.on("data", (chunk: Buffer) => this.read(chunk));
    this.child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    this.child.on("exit", () => {
      this.exited = true;
      for (const listener of this.listeners) listener();
    });
  }

  private read(chunk: Buffer): void {
    this.unread = Buffer.concat([this.unread, chunk]);
    for (;;) {
      const headerEnd = this.unread.indexOf("\r\n\r\n");
      if (headerEnd < 0) break;
      const length = Number(/Content-Length: (\d+)/.exec(this.unread.subarray(0, headerEnd).toString("ascii"))?.[1]);
      const bodyStart = headerEnd + 4;
      if (this.unread.length < bodyStart + length) break;
      this.received.push(JSON.parse(this.unread.subarray(bodyStart, bodyStart + length).toString("utf8")) as Message);
      this.unread = this.unread.subarray(bodyStart + length);
    }
    for (const listener of this.listeners) listener();
  }

  private send(command: string, args: object): number {
    const seq = ++this.seq;
    this.child.stdin.write(`${JSON.stringify({ seq, type: "request", command, arguments: args })}\n`);
    return seq;
  }

  /** The first message from index `from` on that matches. */
  private waitFor(from: number, match: (m: Message) => boolean, what: string): Promise<Message> {
    return new Promise((resolve, reject) => {
      const stop = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      const check = (): void => {
        const found = this.received.slice(from).find(match);
        if (found !== undefined) {
          stop();
          resolve(found);
        } else if (this.exited) {
          stop();
          reject(new Error(`tsserver exited before ${what}:\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`tsserver sent no ${what} within ${TIMEOUT} ms:\n${this.stderr}`));
      }, TIMEOUT);
      this.listeners.add(check);
      check();
    });
  }

  /** Opens the file and asks for its errors the way editors do, returning the `semanticDiag` event's list. */
  async semanticDiagnostics(file: string): Promise<Diagnostic[]> {
    const from = this.received.length;
    this.send("open", { file });
    const seq = this.send("geterr", { files: [file], delay: 0 });
    await this.waitFor(from, (m) => m.event === "requestCompleted" && m.body?.request_seq === seq, `end of geterr for ${file}`);
    const semantic = this.received.slice(from).find((m) => m.event === "semanticDiag" && m.body?.file === file);
    return semantic?.body?.diagnostics ?? [];
  }

  /** Asks tsserver to exit, and kills it if it has not within the bound. */
  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.send("exit", {});
    const timer = setTimeout(() => this.child.kill(), TIMEOUT);
    await exited;
    clearTimeout(timer);
  }
}

let root = "";

beforeAll(() => {
  // tsserver's file names are real paths: resolve the temp folder's own links (/tmp on macOS) up front.
  root = realpathSync(mkdtempSync(join(tmpdir(), "twiml-jsx-tsserver-")));
  cpSync(fixtures, root, { recursive: true });
  mkdirSync(join(root, "node_modules"));
  symlinkSync(repo, join(root, "node_modules", "twiml-jsx"), "junction");
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The `[twiml-jsx]` lines of a tsserver log that name `project`, without the level, number and time in front. */
function pluginLog(log: string, project: string): string[] {
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((line) => line.includes("] [twiml-jsx] ") && line.includes(project))
    .map((line) => line.slice(line.indexOf("[twiml-jsx] ")));
}

const servers = ["typescript", "ts59"].map((name) => {
  const folder = join(repo, "node_modules", name);
  const { version } = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { version: string };
  return { version, tsserver: join(folder, "lib", "tsserver.js"), log: `tsserver-${name}.log` };
});

describe.each(servers)("tsserver $version with twiml-jsx/plugin", ({ tsserver, log }) => {
  let server: TsServer;
  const file = (name: string): string => join(root, name);

  beforeAll(() => {
    // tsserver looks for tsconfig.json plugins in the node_modules beside its own TypeScript and under each
    // probe location. This tsserver is the repository's, so the projects' folder is a probe location, as an
    // editor's plugin paths are; --allowLocalPluginLoads is not needed.
    server = new TsServer(tsserver, [
      "--pluginProbeLocations",
      root,
      "--disableAutomaticTypingAcquisition",
      "--logVerbosity",
      "verbose",
      "--logFile",
      file(log),
    ]);
  });

  afterAll(async () => {
    await server.close();
  }, TIMEOUT);

  test(
    "loads the plugin named in tsconfig.json",
    async () => {
      await server.semanticDiagnostics(file("default/valid.tsx"));
      expect(pluginLog(file(log), file("default/tsconfig.json"))).toStrictEqual([
        `[twiml-jsx] checking TwiML nesting in ${file("default/tsconfig.json")} (strict: false)`,
      ]);
    },
    TIMEOUT,
  );

  test(
    "reads strict from its tsconfig.json entry",
    async () => {
      await server.semanticDiagnostics(file("strict/opaque.tsx"));
      expect(pluginLog(file(log), file("strict/tsconfig.json"))).toStrictEqual([
        `[twiml-jsx] checking TwiML nesting in ${file("strict/tsconfig.json")} (strict: true)`,
      ]);
    },
    TIMEOUT,
  );

  test(
    "reports nothing for a valid document",
    async () => {
      expect(await server.semanticDiagnostics(file("default/valid.tsx"))).toStrictEqual([]);
    },
    TIMEOUT,
  );

  test(
    "keeps TypeScript's own diagnostics",
    async () => {
      expect(await server.semanticDiagnostics(file("default/type-error.tsx"))).toStrictEqual([
        {
          start: { line: 3, offset: 7 },
          end: { line: 3, offset: 14 },
          text: "Type 'string' is not assignable to type 'number'.",
          code: 2322,
          category: "error",
        },
      ]);
    },
    TIMEOUT,
  );

  test(
    "reports a child its parent does not allow, at the child's opening tag",
    async () => {
      expect(await server.semanticDiagnostics(file("default/nesting.tsx"))).toStrictEqual([
        {
          start: { line: 7, offset: 7 },
          end: { line: 7, offset: 13 },
          text: "TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause)",
          code: 90001,
          category: "error",
          source: "twiml-jsx",
        },
      ]);
    },
    TIMEOUT,
  );

  test(
    "appends its diagnostics after TypeScript's",
    async () => {
      expect(await server.semanticDiagnostics(file("default/both.tsx"))).toStrictEqual([
        {
          start: { line: 3, offset: 7 },
          end: { line: 3, offset: 13 },
          text: "Type 'string' is not assignable to type 'number'.",
          code: 2322,
          category: "error",
        },
        {
          start: { line: 8, offset: 7 },
          end: { line: 8, offset: 13 },
          text: "TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause)",
          code: 90001,
          category: "error",
          source: "twiml-jsx",
        },
      ]);
    },
    TIMEOUT,
  );

  test(
    "reports a verb after <Hangup> as a warning",
    async () => {
      expect(await server.semanticDiagnostics(file("default/unreachable.tsx"))).toStrictEqual([
        {
          start: { line: 6, offset: 5 },
          end: { line: 6, offset: 10 },
          text: "TWIML013: <Say> never runs: it comes after <Hangup>, which ends the document",
          code: 90013,
          category: "warning",
          source: "twiml-jsx",
        },
      ]);
    },
    TIMEOUT,
  );

  test(
    "leaves a child typed only as JSX.Element alone without strict",
    async () => {
      expect(await server.semanticDiagnostics(file("default/opaque.tsx"))).toStrictEqual([]);
    },
    TIMEOUT,
  );

  test(
    "reports a child typed only as JSX.Element under strict",
    async () => {
      expect(await server.semanticDiagnostics(file("strict/opaque.tsx"))).toStrictEqual([
        {
          start: { line: 8, offset: 13 },
          end: { line: 8, offset: 21 },
          text:
            "TWIML018: cannot tell which element prompt is inside <Gather>: its type is only JSX.Element " +
            '(declare it as TwiMLElement<"Tag"> so it can be checked)',
          code: 90018,
          category: "error",
          source: "twiml-jsx",
        },
      ]);
    },
    TIMEOUT,
  );
});
