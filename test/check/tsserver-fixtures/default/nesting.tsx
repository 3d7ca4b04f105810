import { Dial, Gather, Say, VoiceResponse } from "twiml-jsx";

export const menu = (
  <VoiceResponse>
    <Gather numDigits={1}>
      <Say>For sales, press 1.</Say>
      <Dial>+15550100</Dial>
    </Gather>
  </VoiceResponse>
);
