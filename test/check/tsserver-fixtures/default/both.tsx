import { Dial, Gather, VoiceResponse } from "twiml-jsx";

const digits: number = "1";

export const menu = (
  <VoiceResponse>
    <Gather numDigits={digits}>
      <Dial>+15550100</Dial>
    </Gather>
  </VoiceResponse>
);
