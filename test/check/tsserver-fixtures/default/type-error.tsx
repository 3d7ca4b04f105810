import { Pause, VoiceResponse } from "twiml-jsx";

const seconds: number = "2";

export const wait = (
  <VoiceResponse>
    <Pause length={seconds} />
  </VoiceResponse>
);
