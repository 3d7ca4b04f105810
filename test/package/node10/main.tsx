// A project still on `moduleResolution: "node"` (node10), which ignores `exports`: the subpaths resolve
// through the package's stub folders.
import { Gather, Hangup, render, Say, VoiceResponse } from "twiml-jsx";
import { webhook } from "twiml-jsx/server";
import { simulateCall } from "twiml-jsx/testing";

const app = webhook(({ params }) =>
  params.Digits === undefined ? (
    <VoiceResponse>
      <Gather numDigits={1} action="/voice">
        <Say>Press 1.</Say>
      </Gather>
    </VoiceResponse>
  ) : (
    <VoiceResponse>
      <Say>You pressed {params.Digits}.</Say>
      <Hangup />
    </VoiceResponse>
  ),
);

console.log(
  render(
    <VoiceResponse>
      <Say>Hello</Say>
    </VoiceResponse>,
  ),
);
simulateCall({ app, url: "http://localhost/voice", from: "+15550100", to: "+15550101", input: ["1"] }).then((call) => {
  console.log(`${call.heard.join(" | ")} (${call.end})`);
});
