import { render, Say, VoiceResponse } from "twiml-jsx";

const greeting: string = 1;

export const xml = render(
  <VoiceResponse>
    <Say>{greeting}</Say>
  </VoiceResponse>,
);
