import { Gather, VoiceResponse } from "twiml-jsx";
import type { JSX } from "twiml-jsx/jsx-runtime";

declare const prompt: JSX.Element;

export const menu = (
  <VoiceResponse>
    <Gather>{prompt}</Gather>
  </VoiceResponse>
);
