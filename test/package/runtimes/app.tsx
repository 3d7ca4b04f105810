// Run by Bun and by Deno with the packed package installed: renders a document, serves a webhook that checks
// Twilio's signature on 127.0.0.1 with the runtime's own server, and walks a call through it with the
// simulator. Prints one line per step; the auth token is the first argument. Serves until it is stopped.
import process from "node:process";
import { Gather, Hangup, render, Say, VoiceResponse } from "twiml-jsx";
import { webhook } from "twiml-jsx/server";
import { simulateCall } from "twiml-jsx/testing";

declare const Bun: { serve(options: object): { port: number } } | undefined;
declare const Deno: { serve(options: object, handler: (request: Request) => Promise<Response>): unknown } | undefined;

const authToken = process.argv.at(-1)!;
const runtime = typeof Bun !== "undefined" ? "Bun" : "Deno";

console.log(
  render(
    <VoiceResponse>
      <Say>Hello from {runtime}</Say>
    </VoiceResponse>,
  ),
);

const voice = webhook(
  ({ params }) =>
    params.Digits === undefined ? (
      <VoiceResponse>
        <Gather numDigits={1} action="/voice">
          <Say>Press 1 for sales.</Say>
        </Gather>
      </VoiceResponse>
    ) : (
      <VoiceResponse>
        <Say>You pressed {params.Digits}.</Say>
        <Hangup />
      </VoiceResponse>
    ),
  // The server's own log (a refused signature) goes to stdout, so that stderr holds only real failures.
  { authToken, log: (line) => console.log(`log: ${line}`) },
);

const port = await new Promise<number>((resolve) => {
  if (typeof Bun !== "undefined") resolve(Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: voice }).port);
  else Deno!.serve({ hostname: "127.0.0.1", port: 0, onListen: (address: { port: number }) => resolve(address.port) }, voice);
});
const url = `http://127.0.0.1:${port}/voice`;
console.log(`listening on ${url}`);

const call = await simulateCall({ url, authToken, from: "+15550100", to: "+15550101", input: ["1"] });
console.log(`simulated call: ${call.heard.join(" | ")} (${call.end}, ${call.requests.length} requests)`);
