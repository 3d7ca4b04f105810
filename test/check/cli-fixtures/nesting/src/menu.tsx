import { render, Say, VoiceResponse } from "twiml-jsx";

export const prompt: string = 1;

export const menu = render(
  <VoiceResponse>
    <Say>{prompt}</Say>
  </VoiceResponse>,
);
