import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toNodeHandler, webhook } from "twiml-jsx/server";
import { createApp } from "../../examples/app.js";
import { answerOf, CALL_HELP, runCall, typedInput } from "../../src/testing/cli-call.js";

const MENU =
  "Thanks for calling Acme. For sales, press 1 or say sales. For technical support, press 2 or say support. " +
  "For billing questions, press 3 or say billing.";
const TOKEN = "12345678901234567890123456789012";

let base = "";
let signedBase = "";
const servers = [createApp(), createApp({ authToken: TOKEN, log: () => undefined })];

async function listen(index: number): Promise<string> {
  const server = servers[index]!;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  base = await listen(0);
  signedBase = await listen(1);
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

interface Ran {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: readonly string[], env: Record<string, string> = {}, stdin?: Readable & { isTTY?: boolean }): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  const status = await runCall(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    ...(stdin !== undefined && { stdin }),
  });
  return { status, stdout, stderr };
}

/** Lines piped in, as `printf '…' | twiml-jsx call` gives them. */
function piped(...answers: string[]): Readable {
  return Readable.from([answers.map((answer) => `${answer}\n`).join("")]);
}

/** Lines typed on a terminal. */
function typed(...answers: string[]): Readable & { isTTY: boolean } {
  return Object.assign(piped(...answers), { isTTY: true });
}

const lines = (...all: string[]): string => all.join("\n") + "\n";

describe("twiml-jsx call prints the call", () => {
  test("the IVR, pressing 1: the team is dialled", async () => {
    expect(await run([`${base}/voice/menu`, "--digits", "1"])).toEqual({
      status: 0,
      stdout: lines(
        `→ POST ${base}/voice/menu`,
        `  says: ${MENU.replace("Thanks for calling Acme.", "Welcome back, O'Brien & Sons <VIP>.")}`,
        "  gather: waits for keys or speech",
        "  caller: presses 1",
        `→ POST ${base}/voice/menu/choice?attempt=1`,
        "  dial: +14155550101, +14155550102, +14155550100 (completed)",
        `→ POST ${base}/voice/forward/after`,
        "call ended: hangup",
      ),
      stderr: "",
    });
  });

  test("the IVR, pressing 9 then silence: the menu plays again, then once more, then goodbye", async () => {
    expect(await run([`${base}/voice/menu`, "--from", "+15550123", "--digits", "9", "--silence", "--silence"])).toEqual({
      status: 0,
      stdout: lines(
        `→ POST ${base}/voice/menu`,
        `  says: ${MENU}`,
        "  gather: waits for keys or speech",
        "  caller: presses 9",
        `→ POST ${base}/voice/menu/choice?attempt=1`,
        "  says: Sorry, that is not one of the options.",
        "  redirect: /voice/menu?attempt=2",
        `→ POST ${base}/voice/menu?attempt=2`,
        `  says: ${MENU}`,
        "  gather: waits for keys or speech",
        "  caller: silence",
        "  says: Sorry, I didn't get that.",
        "  redirect: /voice/menu?attempt=3",
        `→ POST ${base}/voice/menu?attempt=3`,
        `  says: ${MENU}`,
        "  gather: waits for keys or speech",
        "  caller: silence",
        "  says: Sorry, I still didn't get that. Goodbye.",
        "call ended: hangup",
      ),
      stderr: "",
    });
  });

  test("the IVR, saying a keyword", async () => {
    const ran = await run([`${base}/voice/menu`, "--from", "+15550123", "--speech", "billing", "--record", "9"]);
    expect(ran.stdout.split("\n").slice(3, 6)).toEqual([
      '  caller: says "billing"',
      `→ POST ${base}/voice/menu/choice?attempt=1`,
      "  says: Please leave your account number and a message, and billing will call you back.",
    ]);
  });

  test("the voicemail, ending the message with #: the recording is posted back to the same URL", async () => {
    expect(await run([`${base}/voice/voicemail`, "--record", "7#"])).toEqual({
      status: 0,
      stdout: lines(
        `→ POST ${base}/voice/voicemail`,
        "  says: Please leave a message after the tone.",
        "  record: waits for a message",
        "  caller: records 7s, presses #",
        `→ POST ${base}/voice/voicemail`,
        "  says: Thanks for your message. Goodbye.",
        "call ended: hangup",
      ),
      stderr: "",
    });
  });

  // https://www.twilio.com/docs/voice/twiml/record: after a hangup the action is requested, its TwiML not run.
  test("the voicemail, hanging up after the message: the recording is posted, its answer is not heard", async () => {
    expect(await run([`${base}/voice/voicemail`, "--record", "7:hangup"])).toEqual({
      status: 0,
      stdout: lines(
        `→ POST ${base}/voice/voicemail`,
        "  says: Please leave a message after the tone.",
        "  record: waits for a message",
        "  caller: records 7s, hangs up",
        `→ POST ${base}/voice/voicemail`,
        "call ended: hangup",
      ),
      stderr: "",
    });
  });

  test("forwarding nobody answers", async () => {
    const ran = await run([`${base}/voice/forward`, "--dial", "no-answer", "--record", "3"]);
    expect(ran.stdout.split("\n").slice(0, 5)).toEqual([
      `→ POST ${base}/voice/forward`,
      "  dial: +14155550101, +14155550102, +14155550100 (no-answer)",
      `→ POST ${base}/voice/forward/after`,
      "  says: Sorry, nobody is available to take your call.",
      "  redirect: /voice/voicemail",
    ]);
  });

  test("a GET call shows the URL without the parameters Twilio adds", async () => {
    const ran = await run([`${base}/voice/menu/choice?attempt=3`, "--method", "GET"]);
    expect(ran.stdout).toBe(
      lines(`→ GET ${base}/voice/menu/choice?attempt=3`, "  says: Sorry, that is not one of the options. Goodbye.", "call ended: hangup"),
    );
  });
});

describe("twiml-jsx call signs requests", () => {
  test("with --auth-token", async () => {
    const ran = await run([`${signedBase}/voice/voicemail`, "--auth-token", TOKEN, "--record", "2#"]);
    expect([ran.status, ran.stdout.split("\n").at(-2)]).toEqual([0, "call ended: hangup"]);
  });

  test("with TWILIO_AUTH_TOKEN", async () => {
    const ran = await run([`${signedBase}/voice/voicemail`, "--record", "2#"], { TWILIO_AUTH_TOKEN: TOKEN });
    expect([ran.status, ran.stdout.split("\n").at(-2)]).toEqual([0, "call ended: hangup"]);
  });
});

describe("twiml-jsx call reports a failed call with exit status 1", () => {
  test("a URL that answers 404", async () => {
    expect(await run([`${base}/nowhere`])).toEqual({
      status: 1,
      stdout: lines(`→ POST ${base}/nowhere`, `call ended: error 11200: HTTP retrieval failure: POST ${base}/nowhere answered 404`),
      stderr: "",
    });
  });

  test("a wrong auth token", async () => {
    expect(await run([`${signedBase}/voice/menu`, "--auth-token", "wrong"])).toEqual({
      status: 1,
      stdout: lines(
        `→ POST ${signedBase}/voice/menu`,
        `call ended: error 11200: HTTP retrieval failure: POST ${signedBase}/voice/menu was refused with 403 (is it signed with the auth token the app expects?)`,
      ),
      stderr: "",
    });
  });
});

describe("twiml-jsx call refuses a wrong command line with exit status 2", () => {
  const cases: [string, readonly string[], string][] = [
    ["no URL", [], "missing URL: twiml-jsx call <url> [options]"],
    ["a relative URL", ["/voice/menu"], 'the URL must be an absolute http(s) URL, not "/voice/menu"'],
    ["two URLs", ["http://a.test/", "http://b.test/"], "unexpected argument http://b.test/"],
    ["an unknown option", ["http://a.test/", "--digit", "1"], "unknown option --digit"],
    ["an option without its value", ["http://a.test/", "--digits"], "--digits needs a value"],
    ["an option followed by another", ["http://a.test/", "--from", "--to", "+1"], "--from needs a value"],
    ["a key that is not one", ["http://a.test/", "--digits", "1,x"], '--digits takes keys 0-9, * and #, not "x"'],
    [
      "an unknown dial outcome",
      ["http://a.test/", "--dial", "bridged"],
      '--dial takes completed, answered, busy, no-answer, failed, canceled and optional seconds (completed:45), not "bridged"',
    ],
    [
      "a recording length that is not a number",
      ["http://a.test/", "--record", "5s"],
      '--record takes seconds and how the recording ends (12, 12#, 12:hangup, 12:max-length), not "5s"',
    ],
    [
      "a recording that ends in an unknown way",
      ["http://a.test/", "--record", "5:later"],
      '--record takes seconds and how the recording ends (12, 12#, 12:hangup, 12:max-length), not "5:later"',
    ],
    [
      "an unknown queue result",
      ["http://a.test/", "--queue", "served"],
      '--queue takes bridged, leave, hangup, redirected, queue-full, error, system-error and optional seconds (bridged:60), not "served"',
    ],
    [
      "an unknown payment result",
      ["http://a.test/", "--pay", "ok"],
      '--pay takes success, payment-connector-error, caller-interrupted-with-star, caller-hung-up, validation-error, too-many-failed-attempts, internal-error, input-timeout, not "ok"',
    ],
    ["another method", ["http://a.test/", "--method", "put"], '--method takes GET or POST, not "PUT"'],
    ["zero steps", ["http://a.test/", "--max-steps=0"], '--max-steps takes a positive whole number, not "0"'],
  ];
  test.each(cases)("%s", async (_, args, message) => {
    expect(await run(args)).toEqual({
      status: 2,
      stdout: "",
      stderr: `twiml-jsx call: ${message} (see twiml-jsx call --help)\n`,
    });
  });
});

test("twiml-jsx call --help prints the usage", async () => {
  expect(await run(["--help"])).toEqual({ status: 0, stdout: CALL_HELP, stderr: "" });
});

describe("twiml-jsx call without scripted actions asks the caller", () => {
  test("piped answers are read at each verb that waits: a key at the menu, then a recording ended by #", async () => {
    const ran = await run([`${base}/voice/menu`, "--from", "+15550123"], {}, piped("3", "12#"));
    expect(ran.stdout.split("\n").slice(2, 9)).toEqual([
      "  gather: waits for keys or speech",
      "  caller: presses 3",
      `→ POST ${base}/voice/menu/choice?attempt=1`,
      "  says: Please leave your account number and a message, and billing will call you back.",
      "  redirect: /voice/voicemail",
      `→ POST ${base}/voice/voicemail`,
      "  says: Please leave a message after the tone.",
    ]);
  });

  test("piped answers reach a <Record>: hangup there posts the recording and ends the call", async () => {
    expect(await run([`${base}/voice/voicemail`], {}, piped("8 hangup"))).toEqual({
      status: 0,
      stdout: lines(
        `→ POST ${base}/voice/voicemail`,
        "  says: Please leave a message after the tone.",
        "  record: waits for a message",
        "  caller: records 8s, hangs up",
        `→ POST ${base}/voice/voicemail`,
        "call ended: hangup",
      ),
      stderr: "",
    });
  });

  test("at the end of the piped input every verb takes its default: silence, then a recording ended by silence", async () => {
    const ran = await run([`${base}/voice/voicemail`], {}, piped());
    expect(ran.stdout.split("\n").slice(3, 6)).toEqual([
      "  caller: records 5s, falls silent",
      `→ POST ${base}/voice/voicemail`,
      "  says: Thanks for your message. Goodbye.",
    ]);
  });

  test("on a terminal it shows what was heard and prompts at each verb; a line that means nothing is asked again", async () => {
    const ran = await run([`${base}/voice/voicemail`], {}, typed("soon", "4#"));
    expect(ran.stdout.split("\n").slice(0, 3)).toEqual([
      "  says: Please leave a message after the tone.",
      'record>   ("soon" means nothing at <Record>: see twiml-jsx call --help)',
      "record> → POST " + `${base}/voice/voicemail`,
    ]);
  });

  test("the installed command reads piped input: printf '3\\n12#\\n' | twiml-jsx call <url>", async () => {
    const cli = join(import.meta.dirname, "..", "..", "dist", "cjs", "cli.js");
    const child = spawn(process.execPath, [cli, "call", `${base}/voice/menu`], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdin.end("3\n12#\n");
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect([status, stdout.split("\n").at(-2), stdout.includes("  caller: records 12s, presses #")]).toEqual([
      0,
      "call ended: hangup",
      true,
    ]);
  });
});

describe("twiml-jsx call scripts the new caller actions", () => {
  test("--hangup hangs up at the next verb that waits", async () => {
    const ran = await run([`${base}/voice/menu`, "--hangup"]);
    expect([ran.status, ran.stdout.split("\n").slice(-3)]).toEqual([0, ["  caller: hangs up", "call ended: hangup", ""]]);
  });

  test("a recording ended by silence posts the message and the thanks are heard", async () => {
    const ran = await run([`${base}/voice/voicemail`, "--record", "6"]);
    expect(ran.stdout.split("\n").slice(3, 6)).toEqual([
      "  caller: records 6s, falls silent",
      `→ POST ${base}/voice/voicemail`,
      "  says: Thanks for your message. Goodbye.",
    ]);
  });

  test("an action of the wrong kind for the verb it reaches ends with exit status 1", async () => {
    const ran = await run([`${base}/voice/voicemail`, "--dial", "busy"]);
    expect([ran.status, ran.stdout.split("\n").at(-2)]).toEqual([
      1,
      `call ended: error 0: the script's input 1 ({"dial":"busy"}) is a dial outcome, but <Record> waits here for a recording or a hangup`,
    ]);
  });

  test("actions left over are an error unless --allow-unused", async () => {
    const strict = await run([`${base}/voice/voicemail`, "--record", "3#", "--digits", "1"]);
    const allowed = await run([`${base}/voice/voicemail`, "--record", "3#", "--digits", "1", "--allow-unused"]);
    expect([strict.status, allowed.status]).toEqual([1, 0]);
  });
});

test("a queue and a loop are printed as the caller lives them", async () => {
  const server = createServer(
    toNodeHandler(
      webhook(({ url }) => {
        const documents: Record<string, string> = {
          "/q": '<Response><Say loop="2">Hello.</Say><Enqueue waitUrl="/w" action="/left">support</Enqueue></Response>',
          "/w": "<Response><Play>https://example.com/hold.mp3</Play></Response>",
          "/left": "<Response><Say>Bye.</Say></Response>",
        };
        return new Response(documents[url.pathname] ?? "", { headers: { "content-type": "text/xml" } });
      }),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    expect(await run([`${origin}/q`, "--queue", "bridged:30"])).toEqual({
      status: 0,
      stdout: lines(
        `→ POST ${origin}/q`,
        "  says: Hello. (2 times)",
        "  enqueue: support",
        `→ POST ${origin}/w`,
        "  plays: https://example.com/hold.mp3",
        "  queue: bridged",
        `→ POST ${origin}/left`,
        "  says: Bye.",
        "call ended: completed",
      ),
      stderr: "",
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe("a line answered at a prompt", () => {
  const at = (verb: string, accepts: readonly ("keys" | "record" | "dial" | "queue" | "pay" | "refer" | "hangup")[]) => ({ verb, accepts });

  test.each([
    ["Record", "12", { record: { duration: 12 } }],
    ["Record", "12#", { record: { duration: 12, digits: "#" } }],
    ["Record", "12 max-length", { record: { duration: 12, end: "max-length" } }],
    ["Dial", "busy", { dial: "busy" }],
    ["Dial", "completed 45", { dial: "completed", duration: 45 }],
    ["Dial", "*", { dial: "completed", star: true }],
    ["Enqueue", "bridged 30", { queue: "bridged", time: 30 }],
    ["Pay", "success", { pay: "success" }],
    ["Refer", "failed", { refer: "failed" }],
    ["Gather", "hangup", { hangup: true }],
  ] as const)("at <%s>, %j", (verb, line, expected) => {
    expect(answerOf(line, at(verb, ["hangup"]))).toEqual(expected);
  });

  test("an empty line is the verb's default, a line that means nothing there is null", () => {
    expect([answerOf("", at("Dial", ["dial"])), answerOf("soon", at("Record", ["record"]))]).toEqual([undefined, null]);
  });
});

describe("a line typed at keys> on a terminal", () => {
  test("keys are key presses", () => {
    expect(typedInput(" 42# ")).toBe("42#");
  });

  test("words are speech", () => {
    expect(typedInput("billing please")).toEqual({ speech: "billing please" });
  });

  test("an empty line is silence", () => {
    expect(typedInput("")).toEqual({ silence: true });
  });
});
