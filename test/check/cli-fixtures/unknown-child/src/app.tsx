import { Gather, render, VoiceResponse } from "twiml-jsx";

declare const prompt: any;

export const xml = render(
  <VoiceResponse>
    <Gather>{prompt}</Gather>
  </VoiceResponse>,
);
