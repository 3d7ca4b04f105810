import { Dial, Gather, render, VoiceResponse } from "twiml-jsx";

export const xml = render(
  <VoiceResponse>
    <Gather>
      <Dial>+15550100</Dial>
    </Gather>
  </VoiceResponse>,
);
