import { Gather, render, Say, VoiceResponse } from "twiml-jsx";

export const xml = render(
  <VoiceResponse>
    <Gather numDigits={1} action="/menu">
      <Say>For sales, press 1.</Say>
    </Gather>
  </VoiceResponse>,
);
