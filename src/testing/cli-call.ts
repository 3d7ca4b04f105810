// `twiml-jsx call <url>`: places a simulated call to a running app over HTTP and prints what happens, one
// line per request, spoken text, verb and caller action. Exit status 0 when the call ends, 1 when it ends in
// a Twilio error, 2 for a wrong command line.
import { createInterface } from "node:readline";
import { simulateCall } from "./index.js";
import type { CallEvent, CallResult, CallerInput, SimulateCallOptions, SimulatedRequest } from "./types.js";

export const CALL_HELP = `Usage: twiml-jsx call <url> [options]

Calls the TwiML app at <url> as Twilio would, following its documents from request to request, and prints
what the caller hears and does. The caller's actions are scripted in the order the options are given and are
used one by one by the verbs that wait for the caller (<Gather>, <Record>, <Dial>). Without any, on a
terminal, the command asks at each <Gather>: type keys (1, 42#), words, or nothing for silence.

Options:
  --digits <keys,...>    key presses, one entry per <Gather>: --digits 1,2# (an empty entry is silence)
  --speech <words>       words said at a <Gather>; repeatable
  --silence              no answer at a <Gather>; repeatable
  --record <seconds>[key]
                         a message of that length at a <Record>, ended by the key (12#) or by hanging up
                         (12); repeatable
  --dial <status>        the outcome of a <Dial>: completed, busy, no-answer, failed or canceled; repeatable
  --from <number>        the caller's number (default +15550100)
  --to <number>          the number called (default +15550199)
  --auth-token <token>   signs every request as Twilio does (default: $TWILIO_AUTH_TOKEN)
  --method <GET|POST>    method of the first request (default POST)
  --max-steps <n>        stop with an error after this many documents (default 50)
  -h, --help             print this help

Exit status: 0 when the call ends, 1 when it ends in an error (such as 11200 for a failed request), 2 for a
wrong command line.
`;

export interface CallIO {
  /** Read at each <Gather> when no caller action is scripted and it is a terminal. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** `TWILIO_AUTH_TOKEN` is the default of `--auth-token`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A wrong command line: exit status 2. */
class Usage extends Error {}

const DIAL_OUTCOMES = ["completed", "busy", "no-answer", "failed", "canceled"] as const;

interface Parsed {
  readonly help: boolean;
  readonly options: SimulateCallOptions;
}

function parseArguments(args: readonly string[], env: CallIO["env"]): Parsed {
  const input: CallerInput[] = [];
  let url: string | undefined;
  let from = "+15550100";
  let to = "+15550199";
  let authToken = env?.["TWILIO_AUTH_TOKEN"] || undefined;
  let method: "GET" | "POST" | undefined;
  let maxSteps: number | undefined;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const value = (): string => {
      const given = equals === -1 ? args[++i] : arg.slice(equals + 1);
      if (given === undefined || (equals === -1 && given.startsWith("--"))) throw new Usage(`${name} needs a value`);
      return given;
    };
    switch (name) {
      case "-h":
      case "--help":
        help = true;
        break;
      case "--digits":
        for (const keys of value().split(",")) {
          if (!/^[0-9*#]*$/.test(keys)) throw new Usage(`--digits takes keys 0-9, * and #, not ${JSON.stringify(keys)}`);
          input.push(keys === "" ? { silence: true } : keys);
        }
        break;
      case "--speech":
        input.push({ speech: value() });
        break;
      case "--silence":
        input.push({ silence: true });
        break;
      case "--record": {
        const text = value();
        const recorded = /^(\d+)([0-9*#]?)$/.exec(text);
        if (recorded === null) throw new Usage(`--record takes seconds and an optional finishing key (12, 12#), not ${JSON.stringify(text)}`);
        const [, duration = "", key = ""] = recorded;
        input.push({ record: key === "" ? { duration: Number(duration) } : { duration: Number(duration), digits: key } });
        break;
      }
      case "--dial": {
        const text = value();
        const outcome = DIAL_OUTCOMES.find((o) => o === text);
        if (outcome === undefined) throw new Usage(`--dial takes ${DIAL_OUTCOMES.join(", ")}, not ${JSON.stringify(text)}`);
        input.push({ dial: outcome });
        break;
      }
      case "--from":
        from = value();
        break;
      case "--to":
        to = value();
        break;
      case "--auth-token":
        authToken = value();
        break;
      case "--method": {
        const text = value().toUpperCase();
        if (text !== "GET" && text !== "POST") throw new Usage(`--method takes GET or POST, not ${JSON.stringify(text)}`);
        method = text;
        break;
      }
      case "--max-steps": {
        const text = value();
        if (!/^[1-9]\d*$/.test(text)) throw new Usage(`--max-steps takes a positive whole number, not ${JSON.stringify(text)}`);
        maxSteps = Number(text);
        break;
      }
      default:
        if (arg.startsWith("-")) throw new Usage(`unknown option ${arg}`);
        if (url !== undefined) throw new Usage(`unexpected argument ${arg}`);
        url = arg;
    }
  }
  if (help) return { help, options: { from, to } };
  if (url === undefined) throw new Usage("missing URL: twiml-jsx call <url> [options]");
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) throw new Usage(`the URL must be an absolute http(s) URL, not ${JSON.stringify(url)}`);
  return { help, options: { url, from, to, authToken, input, method, maxSteps } };
}

/** The verb parameters that show which verb asked for a request: the rest of Twilio's parameters come with every request. */
const ANSWERS: Readonly<Record<string, readonly string[]>> = {
  Gather: ["Digits", "SpeechResult"],
  Record: ["RecordingUrl"],
  Dial: ["DialCallStatus"],
  Enqueue: ["QueueResult"],
  Pay: ["Result"],
};

/** Whether the request after this verb is the one the verb made: always for a redirect, else when it carries the verb's answer. */
function leadsTo(event: CallEvent, next: SimulatedRequest | undefined): boolean {
  if (next === undefined) return false;
  if (event.verb === "Redirect") return true;
  return (ANSWERS[event.verb] ?? []).some((name) => next.params[name] !== undefined);
}

/** The request as sent, without the parameters the simulator added to a GET's query string. */
function shown(request: SimulatedRequest): string {
  if (request.method === "POST") return request.url;
  const url = new URL(request.url);
  for (const [name, value] of Object.entries(request.params)) if (url.searchParams.get(name) === value) url.searchParams.delete(name);
  return url.href;
}

function callerAction(event: CallEvent, answer: SimulatedRequest | undefined): string {
  const params = answer?.params ?? {};
  switch (event.verb) {
    case "Gather":
      if (params["SpeechResult"]) return `says "${params["SpeechResult"]}"`;
      return params["Digits"] ? `presses ${params["Digits"]}` : "silence";
    case "Record":
      if (params["RecordingDuration"] === undefined) return "records nothing";
      return `records ${params["RecordingDuration"]}s, ${params["Digits"] === "hangup" ? "hangs up" : `presses ${params["Digits"] ?? ""}`}`;
    default:
      return "";
  }
}

/** Turns a call's result into the printed transcript. */
export function transcript(result: CallResult): string {
  const lines: string[] = [];
  const heard = [...result.heard];
  let next = 0;
  const request = (): void => {
    const sent = result.requests[next++];
    if (sent !== undefined) lines.push(`→ ${sent.method} ${shown(sent)}`);
  };
  const say = (event: CallEvent): void => {
    if (event.verb === "Say") lines.push(`  says: ${heard.shift() ?? event.text ?? ""}`);
    else if (event.verb === "Play") lines.push(`  plays: ${(heard.shift() ?? "").replace(/^\[play (.*)\]$/, "$1")}`);
    else if (event.verb === "Pause") lines.push(`  pause: ${event.attributes["length"] ?? "1"}s`);
  };
  request();
  for (const event of result.events) {
    const answer = leadsTo(event, result.requests[next]) ? result.requests[next] : undefined;
    switch (event.verb) {
      case "Say":
      case "Play":
      case "Pause":
        say(event);
        break;
      case "Gather": {
        for (const child of event.children ?? []) say(child);
        const input = event.attributes["input"] ?? "dtmf";
        lines.push(`  gather: waits for ${input.split(/\s+/).map((kind) => (kind === "dtmf" ? "keys" : kind)).join(" or ")}`);
        lines.push(`  caller: ${callerAction(event, answer)}`);
        break;
      }
      case "Record":
        lines.push("  record: waits for a message");
        lines.push(`  caller: ${callerAction(event, answer)}`);
        break;
      case "Dial": {
        const numbers = (event.children ?? []).map((noun) => noun.text ?? noun.verb).join(", ") || (event.text ?? "");
        const status = answer?.params["DialCallStatus"];
        lines.push(`  dial: ${numbers}${status === undefined ? "" : ` (${status})`}`);
        break;
      }
      case "Redirect":
        lines.push(`  redirect: ${event.text ?? ""}`);
        break;
      case "Hangup":
      case "Reject":
        break;
      default:
        lines.push(`  ${event.verb.toLowerCase()}${event.text === undefined ? "" : `: ${event.text}`}`);
    }
    if (answer !== undefined) request();
  }
  lines.push(result.end === "error" ? `call ended: error ${result.error?.code ?? ""}: ${result.error?.message ?? ""}` : `call ended: ${result.end}`);
  return lines.join("\n") + "\n";
}

/** Runs `twiml-jsx call` with the arguments after `call`; resolves to the exit status. */
export async function runCall(args: readonly string[], io: CallIO): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArguments(args, io.env);
  } catch (error) {
    if (!(error instanceof Usage)) throw error;
    io.stderr.write(`twiml-jsx call: ${error.message} (see twiml-jsx call --help)\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(CALL_HELP);
    return 0;
  }
  const interactive = (parsed.options.input ?? []).length === 0 && io.stdin?.isTTY === true;
  const result = io.stdin !== undefined && interactive ? await prompting(parsed.options, io.stdin, io.stdout) : await simulateCall(parsed.options);
  io.stdout.write(transcript(result));
  return result.end === "error" ? 1 : 0;
}

/** A line typed at `keys> `: keys when it is only keys, nothing for silence, otherwise words said. */
export function typedInput(line: string): CallerInput {
  const text = line.trim();
  if (text === "") return { silence: true };
  return /^[0-9*#]+$/.test(text) ? text : { speech: text };
}

async function prompting(options: SimulateCallOptions, stdin: NodeJS.ReadableStream, stdout: CallIO["stdout"]): Promise<CallResult> {
  const reader = createInterface({ input: stdin, terminal: false });
  const lines = reader[Symbol.asyncIterator]();
  let shown = 0;
  const ask = async (heard: readonly string[]): Promise<CallerInput> => {
    // What the caller has heard since the last question, so that they know what they answer.
    for (const line of heard.slice(shown)) stdout.write(`  says: ${line}\n`);
    shown = heard.length;
    stdout.write("keys> ");
    const line = await lines.next();
    // The end of the input (Ctrl-D) is silence, so the call still runs to its end.
    return typedInput(line.done === true ? "" : line.value);
  };
  try {
    // Only a <Gather> asks: the other waiting verbs take the simulator's default outcome.
    return await simulateCall({ ...options, onInput: (prompt) => ask(prompt.heard) });
  } finally {
    reader.close();
  }
}
