import { Hangup, render, Say, VoiceResponse } from "twiml-jsx";

export const xml = render(
  <VoiceResponse>
    <Hangup />
    <Say>Goodbye.</Say>
  </VoiceResponse>,
);
