// `twiml-jsx call <url>`: places a simulated call to a running app over HTTP and prints what happens, one
// line per request, spoken text, verb and caller action. Exit status 0 when the call ends, 1 when it ends in
// a Twilio error, 2 for a wrong command line.
import { createInterface } from "node:readline";
import { scanArguments, Usage } from "../cli/args.js";
import { simulateCall } from "./index.js";
import { DIAL_STATUSES, PAY_RESULTS, QUEUE_RESULTS, RECORD_ENDS } from "./input.js";
import type { CallEvent, CallResult, CallerInput, InputPrompt, LiveEvent, SimulateCallOptions, SimulatedRequest } from "./types.js";

export const CALL_HELP = `Usage: twiml-jsx call <url> [options]

Calls the TwiML app at <url> as Twilio would, following its documents from request to request, and prints
what the caller hears and does. The caller's actions are scripted in the order the options are given and are
used one by one wherever the call waits for the caller (<Gather>, <Record>, <Dial>, a queue after <Enqueue>,
<Pay>, <Connect>, <Refer>, a <Say loop="0">); an action of the wrong kind for the verb it reaches, or one left
over when the call ends, is an error. Without any, the command asks at each of those verbs, on a terminal or
from piped input (printf '2\\n' | twiml-jsx call <url>), one line per answer:
  <Gather>   keys (1, 42#), words, or an empty line for silence
  <Record>   seconds and how it ends: 12 (silence), 12# (a key), 12 max-length, 12 hangup; empty: 5 s, silence
  <Dial>     completed, answered, busy, no-answer, failed or canceled, then seconds (completed 45), or * to
             leave it with hangupOnStar; empty: completed
  queue      bridged, leave, redirected, queue-full, error or system-error, then seconds; empty: bridged
  <Pay>      the Result (success, input-timeout…); <Refer> its ReferCallStatus; <Connect> empty (it ends)
  <Connect><ConversationRelay>
             words said to the agent, or keys (with dtmfDetection)
  anywhere   hangup
At the end of piped input every verb takes its default.

Options:
  --digits <keys,...>    key presses, one entry per <Gather>: --digits 1,2# (an empty entry is silence)
  --speech <words>       words said at a <Gather> or to a ConversationRelay agent; repeatable
  --silence              no answer at a <Gather>; repeatable
  --record <seconds>[key|:how]
                         a message of that length at a <Record>, ended by silence (12), by a key (12#),
                         by maxLength (12:max-length) or by hanging up (12:hangup); repeatable
  --dial <status>[:seconds]
                         the outcome of a <Dial>: completed, answered, busy, no-answer, failed or canceled;
                         repeatable
  --queue <result>[:seconds]
                         how the caller leaves a queue: bridged, leave, hangup, redirected, queue-full, error,
                         system-error; repeatable
  --pay <result>         the Result of a <Pay> (success, input-timeout, caller-interrupted-with-star…)
  --connect              a <Connect> session ends
  --refer <status>       the ReferCallStatus of a <Refer>
  --hangup               the caller hangs up at the next verb that waits for them
  --allow-unused         scripted actions left over when the call ends are not an error
  --from <number>        the caller's number (default +15550100)
  --to <number>          the number called (default +15550199)
  --auth-token <token>   signs every request as Twilio does (default: $TWILIO_AUTH_TOKEN)
  --method <GET|POST>    method of the first request (default POST)
  --max-steps <n>        stop with an error after this many documents (default 50)
  -h, --help             print this help

Exit status: 0 when the call ends, 1 when it ends in an error (such as 11200 for a failed request, or a script
that does not fit the flow), 2 for a wrong command line.
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
/** `12`, `12#`, `12:hangup` (or `12 hangup` typed at a prompt): a recording, or null when it is not one. */
function recording(text: string): CallerInput | null {
  const match = /^(\d+)(?:([0-9*#])|[: ]+([a-z-]+))?$/.exec(text.trim());
  if (match === null) return null;
  const [, seconds = "", key, how] = match;
  const end = RECORD_ENDS.find((known) => known === how);
  if (how !== undefined && end === undefined) return null;
  const duration = Number(seconds);
  if (key !== undefined) return { record: { duration, digits: key } };
  return { record: end === undefined ? { duration } : { duration, end } };
}

/** `word` or `word:seconds` (`word seconds` at a prompt) with `word` one of `words`, or null. */
function outcome<T extends string>(text: string, words: readonly T[]): { word: T; seconds?: number } | null {
  const match = /^([a-z-]+)(?:[: ]+(\d+))?$/.exec(text.trim());
  const word = words.find((known) => known === match?.[1]);
  if (match === null || word === undefined) return null;
  return match[2] === undefined ? { word } : { word, seconds: Number(match[2]) };
}

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
  let allowUnusedInput = false;
  let help = false;
  for (const { arg, name, value } of scanArguments(args)) {
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
        const recorded = recording(text);
        if (recorded === null) {
          throw new Usage(
            `--record takes seconds and how the recording ends (12, 12#, 12:hangup, 12:max-length), not ${JSON.stringify(text)}`,
          );
        }
        input.push(recorded);
        break;
      }
      case "--dial": {
        const text = value();
        const dialed = outcome(text, DIAL_STATUSES);
        if (dialed === null)
          throw new Usage(`--dial takes ${DIAL_STATUSES.join(", ")} and optional seconds (completed:45), not ${JSON.stringify(text)}`);
        input.push(dialed.seconds === undefined ? { dial: dialed.word } : { dial: dialed.word, duration: dialed.seconds });
        break;
      }
      case "--queue": {
        const text = value();
        const left = outcome(text, QUEUE_RESULTS);
        if (left === null)
          throw new Usage(`--queue takes ${QUEUE_RESULTS.join(", ")} and optional seconds (bridged:60), not ${JSON.stringify(text)}`);
        input.push(left.seconds === undefined ? { queue: left.word } : { queue: left.word, time: left.seconds });
        break;
      }
      case "--pay": {
        const text = value();
        const paid = PAY_RESULTS.find((result) => result === text);
        if (paid === undefined) throw new Usage(`--pay takes ${PAY_RESULTS.join(", ")}, not ${JSON.stringify(text)}`);
        input.push({ pay: paid });
        break;
      }
      case "--connect":
        input.push({ connect: {} });
        break;
      case "--refer":
        input.push({ refer: value() });
        break;
      case "--hangup":
        input.push({ hangup: true });
        break;
      case "--allow-unused":
        allowUnusedInput = true;
        break;
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
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url))
    throw new Usage(`the URL must be an absolute http(s) URL, not ${JSON.stringify(url)}`);
  return { help, options: { url, from, to, authToken, input, method, maxSteps, allowUnusedInput } };
}

/** The request as sent, without the parameters the simulator added to a GET's query string. */
function shown(request: SimulatedRequest): string {
  if (request.method === "POST") return request.url;
  const url = new URL(request.url);
  for (const [name, value] of Object.entries(request.params)) if (url.searchParams.get(name) === value) url.searchParams.delete(name);
  return url.href;
}

/** The answer a verb's request carries, shown before it: a queue left, a payment, a refer. */
function answered(params: Readonly<Record<string, string>>): string | undefined {
  if (params["QueueResult"] !== undefined) return `  queue: ${params["QueueResult"]}`;
  if (params["Result"] !== undefined) return `  pay: ${params["Result"]}`;
  if (params["ReferCallStatus"] !== undefined) return `  refer: ${params["ReferCallStatus"]}`;
  return undefined;
}

/** What the caller did at a `<Gather>` or `<Record>`, from the request it led to (none: it fell through or the call ended). */
function callerAction(event: CallEvent, request: SimulatedRequest | undefined, end: CallResult["end"] | undefined): string {
  const params = request?.params ?? {};
  if (event.verb === "Gather") {
    if (params["SpeechResult"]) return `says "${params["SpeechResult"]}"`;
    if (params["Digits"]) return `presses ${params["Digits"]}`;
    return end === "hangup" ? "hangs up" : "silence";
  }
  const seconds = params["RecordingDuration"];
  if (seconds === undefined) return end === "hangup" ? "hangs up" : "records nothing";
  const digits = params["Digits"];
  if (digits === "hangup") return `records ${seconds}s, hangs up`;
  if (digits !== undefined) return `records ${seconds}s, presses ${digits}`;
  return seconds === (event.attributes["maxLength"] ?? "3600")
    ? `records ${seconds}s, reaches maxLength`
    : `records ${seconds}s, falls silent`;
}

/**
 * Turns what happened during a call, as `onEvent` reported it, into the printed transcript: each request, what
 * the caller hears and does, and how the call ended.
 */
export function transcript(events: readonly LiveEvent[]): string {
  const lines: string[] = [];
  /** A verb whose line waits for what follows it: the caller's action, or the Dial's outcome. */
  let waiting: { readonly event: CallEvent; readonly partials: string[] } | null = null;
  let repeated: { readonly line: string; readonly at: number; count: number } | null = null;

  const settle = (request: SimulatedRequest | undefined, end: CallResult["end"] | undefined): void => {
    if (waiting === null) return;
    const { event, partials } = waiting;
    waiting = null;
    if (event.verb === "Dial") {
      const numbers = (event.children ?? []).map((noun) => noun.text ?? noun.verb).join(", ") || (event.text ?? "");
      const status = request?.params["DialCallStatus"];
      lines.push(`  dial: ${numbers}${status === undefined ? "" : ` (${status})`}`);
    } else {
      const input = event.attributes["input"] ?? "dtmf";
      lines.push(
        event.verb === "Gather"
          ? `  gather: waits for ${input
              .split(/\s+/)
              .map((kind) => (kind === "dtmf" ? "keys" : kind))
              .join(" or ")}`
          : "  record: waits for a message",
      );
      lines.push(`  caller: ${callerAction(event, request, end)}`);
    }
    lines.push(...partials);
  };

  for (const event of events) {
    if (event.type !== "heard") repeated = null;
    switch (event.type) {
      case "request": {
        const line = `→ ${event.request.method} ${shown(event.request)}`;
        // Partial speech results arrive while the caller speaks, before the Gather's action.
        if (waiting?.event.verb === "Gather" && event.request.params["UnstableSpeechResult"] !== undefined) {
          waiting.partials.push(line);
          break;
        }
        settle(event.request, undefined);
        const answer = answered(event.request.params);
        if (answer !== undefined) lines.push(answer);
        lines.push(line);
        break;
      }
      case "heard": {
        // A loop is one line with its count.
        if (repeated !== null && lines[repeated.at] !== undefined && lines.length === repeated.at + 1 && event.text === repeated.line) {
          repeated.count++;
          lines[repeated.at] = `${lines[repeated.at]!.replace(/ \(\d+ times\)$/, "")} (${repeated.count} times)`;
          break;
        }
        lines.push(event.verb === "Say" ? `  says: ${event.text}` : `  plays: ${event.text.replace(/^\[play (.*)\]$/, "$1")}`);
        repeated = { line: event.text, at: lines.length - 1, count: 1 };
        break;
      }
      case "verb": {
        settle(undefined, undefined);
        const verb = event.event;
        if (verb.verb === "Gather" || verb.verb === "Record" || verb.verb === "Dial") waiting = { event: verb, partials: [] };
        else if (verb.verb === "Pause") lines.push(`  pause: ${verb.attributes["length"] ?? "1"}s`);
        else if (verb.verb === "Redirect") lines.push(`  redirect: ${verb.text ?? ""}`);
        else if (verb.verb !== "Say" && verb.verb !== "Play" && verb.verb !== "Hangup" && verb.verb !== "Reject") {
          lines.push(`  ${verb.verb.toLowerCase()}${verb.text === undefined ? "" : `: ${verb.text}`}`);
        }
        break;
      }
      case "end": {
        const { result } = event;
        settle(undefined, result.end);
        lines.push(
          result.end === "error"
            ? `call ended: error ${result.error?.code ?? ""}: ${result.error?.message ?? ""}`
            : `call ended: ${result.end}`,
        );
        break;
      }
      case "response":
        break;
    }
  }
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
  const events: LiveEvent[] = [];
  const options: SimulateCallOptions = { ...parsed.options, onEvent: (event) => events.push(event) };
  // Without scripted actions, the caller answers from the terminal or from piped input.
  const asking = (options.input ?? []).length === 0 && io.stdin !== undefined;
  const result = asking ? await prompting(options, io.stdin!, io.stdout) : await simulateCall(options);
  io.stdout.write(transcript(events));
  return result.end === "error" ? 1 : 0;
}

/** A line typed at `keys> `: keys when it is only keys, nothing for silence, otherwise words said. */
export function typedInput(line: string): CallerInput {
  const text = line.trim();
  if (text === "") return { silence: true };
  return /^[0-9*#]+$/.test(text) ? text : { speech: text };
}

/** The prompt shown on a terminal for each verb that waits. */
const PROMPTS: Readonly<Record<string, string>> = {
  Gather: "keys> ",
  Record: "record> ",
  Dial: "dial> ",
  Enqueue: "queue> ",
  Pay: "pay> ",
  Connect: "connect> ",
  Refer: "refer> ",
};

/**
 * A line answered where `prompt.verb` waits: `undefined` for the verb's default (an empty line), null when
 * the line means nothing there.
 */
export function answerOf(line: string, prompt: Pick<InputPrompt, "verb" | "accepts">): CallerInput | undefined | null {
  const text = line.trim();
  if (text === "hangup" && prompt.accepts.includes("hangup")) return { hangup: true };
  if (text === "") return undefined;
  switch (prompt.verb) {
    case "Gather":
      return typedInput(text);
    case "Record":
      return recording(text);
    case "Dial": {
      if (text === "*") return { dial: "completed", star: true };
      const dialed = outcome(text, DIAL_STATUSES);
      if (dialed === null) return null;
      return dialed.seconds === undefined ? { dial: dialed.word } : { dial: dialed.word, duration: dialed.seconds };
    }
    case "Enqueue": {
      const left = outcome(text, QUEUE_RESULTS);
      if (left === null) return null;
      return left.seconds === undefined ? { queue: left.word } : { queue: left.word, time: left.seconds };
    }
    case "Pay": {
      const paid = PAY_RESULTS.find((result) => result === text);
      return paid === undefined ? null : { pay: paid };
    }
    case "Refer":
      return { refer: text };
    case "Connect":
      // A ConversationRelay conversation: words said, or keys when the session listens for them.
      if (!prompt.accepts.includes("speech")) return null;
      return prompt.accepts.includes("keys") && /^[0-9*#]+$/.test(text) ? text : { speech: text };
    default:
      return null;
  }
}

async function prompting(options: SimulateCallOptions, stdin: NonNullable<CallIO["stdin"]>, stdout: CallIO["stdout"]): Promise<CallResult> {
  const reader = createInterface({ input: stdin, terminal: false });
  const lines = reader[Symbol.asyncIterator]();
  // On a terminal the caller sees what they answer; piped answers are shown in the transcript only.
  const terminal = stdin.isTTY === true;
  let shown = 0;
  let ended = false;
  const ask = async (prompt: InputPrompt): Promise<CallerInput | undefined> => {
    if (terminal) {
      // What the caller has heard since the last question, so that they know what they answer.
      for (const line of prompt.heard.slice(shown)) stdout.write(`  says: ${line}\n`);
      shown = prompt.heard.length;
    }
    for (;;) {
      if (terminal) stdout.write(PROMPTS[prompt.verb] ?? `${prompt.verb.toLowerCase()}> `);
      // The end of the input (Ctrl-D, the end of a pipe) leaves every verb to its default, so the call still ends.
      const line = ended ? { done: true as const, value: undefined } : await lines.next();
      if (line.done === true) {
        ended = true;
        return undefined;
      }
      const answer = answerOf(line.value, prompt);
      if (answer !== null) return answer;
      stdout.write(`  (${JSON.stringify(line.value)} means nothing at <${prompt.verb}>: see twiml-jsx call --help)\n`);
    }
  };
  try {
    return await simulateCall({ ...options, onInput: ask });
  } finally {
    reader.close();
  }
}
