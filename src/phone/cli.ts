// `twiml-jsx phone [URL]`: serves the browser phone on 127.0.0.1 until Ctrl-C. Exit status 0 when stopped,
// 1 when the server cannot start, 2 for a wrong command line.
import { startPhone, type Phone, type PhoneOptions } from "./server.js";
import { scanArguments, Usage } from "../cli/args.js";
import type { CommandIO } from "../cli/commands.js";
import { lint } from "../read/lint.js";

export const PHONE_HELP = `Usage: twiml-jsx phone [URL] [options]

Serves a phone in the browser for the TwiML app at URL (default http://127.0.0.1:3000/): call it, press keys,
speak, record from the microphone, send texts, and see every request, response and the map of the flow.
The calls are run by the same simulator as simulateCall. The page is local (127.0.0.1) and needs no network;
the browser remembers the From and To numbers for the page's address (keep it with --port).

Options:
  --sms-url <url>        the messaging webhook texts go to (default: URL)
  --from <number>        the caller's number (default +15550100)
  --to <number>          the number called (default +15550199)
  --port <n>             the page's port (default 0: a free port, printed)
  --auth-token <token>   signs every request as Twilio does (default: $TWILIO_AUTH_TOKEN)
  --websocket-url <url>  opens every <ConversationRelay> WebSocket at this ws(s) URL, such as your local agent
                         ws://127.0.0.1:3000/agent, instead of the wss:// URL in the TwiML (the handshake is still
                         signed over the URL in the TwiML, as Twilio signs it)
  -h, --help             print this help

Exit status: 0 when stopped with Ctrl-C, 1 when the page cannot be served, 2 for a wrong command line.
`;

/** The options, and the `--websocket-url` as given, to print. */
type Parsed = PhoneOptions & { readonly socket?: string };

function parse(args: readonly string[], env: CommandIO["env"]): Parsed | "help" {
  let url: string | undefined;
  let socket: string | undefined;
  const options: { -readonly [K in keyof PhoneOptions]?: PhoneOptions[K] } = {};
  const token = env["TWILIO_AUTH_TOKEN"];
  if (token !== undefined && token !== "") options.authToken = token;
  for (const { arg, name, value } of scanArguments(args)) {
    switch (name) {
      case "-h":
      case "--help":
        return "help";
      case "--sms-url":
        options.smsUrl = httpUrl(value(), "--sms-url");
        break;
      case "--from":
        options.from = value();
        break;
      case "--to":
        options.to = value();
        break;
      case "--auth-token":
        options.authToken = value();
        break;
      case "--websocket-url":
        socket = socketUrl(value());
        break;
      case "--port": {
        const port = value();
        if (!/^\d+$/.test(port) || Number(port) > 65535)
          throw new Usage(`--port takes a port number from 0 to 65535, not ${JSON.stringify(port)}`);
        options.port = Number(port);
        break;
      }
      default:
        if (arg.startsWith("-")) throw new Usage(`unknown option ${name}`);
        if (url !== undefined) throw new Usage(`one URL only, not both ${url} and ${arg}`);
        url = httpUrl(arg, "URL");
    }
  }
  const target = socket;
  return { ...options, url: url ?? "http://127.0.0.1:3000/", ...(target !== undefined && { socket: target, webSocketUrl: () => target }) };
}

function httpUrl(text: string, name: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Usage(`${name} must be an absolute http(s) URL such as http://127.0.0.1:3000/voice, not ${JSON.stringify(text)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Usage(`${name} must be an http(s) URL, not ${JSON.stringify(text)}`);
  return url.href;
}

function socketUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol !== "ws:" && url?.protocol !== "wss:") {
    throw new Usage(`--websocket-url must be an absolute ws(s) URL such as ws://127.0.0.1:3000/agent, not ${JSON.stringify(text)}`);
  }
  return url.href;
}

/**
 * Runs the command; resolves with the exit status once the server stops (Ctrl-C, or `signal` aborted).
 * @example
 * await run(["http://127.0.0.1:3000/voice/menu", "--sms-url", "http://127.0.0.1:3000/sms"], io); // prints the page's URL
 */
export async function run(args: readonly string[], io: CommandIO, signal?: AbortSignal): Promise<number> {
  let options: Parsed | "help";
  try {
    options = parse(args, io.env);
  } catch (error) {
    if (!(error instanceof Usage)) throw error;
    io.stderr.write(`twiml-jsx phone: ${error.message}\n\n${PHONE_HELP}`);
    return 2;
  }
  if (options === "help") {
    io.stdout.write(PHONE_HELP);
    return 0;
  }
  let phone: Phone;
  try {
    // Every response the page shows carries the problems `twiml-jsx lint` finds in it.
    phone = await startPhone({ ...options, lint });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const hint = code === "EADDRINUSE" ? ": the port is taken; choose another with --port, or --port 0 for a free one" : "";
    io.stderr.write(`twiml-jsx phone: cannot listen on 127.0.0.1:${options.port ?? 0} (${(error as Error).message})${hint}\n`);
    return 1;
  }
  io.stdout.write(
    `twiml-jsx phone: open ${phone.url}\n` +
      `  calls    ${options.url}\n` +
      `  texts    ${options.smsUrl ?? options.url}\n` +
      `  signing  ${options.authToken === undefined ? "off" : "on (X-Twilio-Signature)"}\n` +
      (options.socket === undefined ? "" : `  relay    ${options.socket}\n`) +
      "Ctrl-C to stop.\n",
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    signal?.addEventListener("abort", stop, { once: true });
  });
  await phone.close();
  io.stdout.write("twiml-jsx phone: stopped.\n");
  return 0;
}
