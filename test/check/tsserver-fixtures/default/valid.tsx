import { Dial, Gather, Say, VoiceResponse } from "twiml-jsx";

export const menu = (
  <VoiceResponse>
    <Gather numDigits={1} action="/menu">
      <Say>For sales, press 1.</Say>
    </Gather>
    <Dial>+15550100</Dial>
  </VoiceResponse>
);
