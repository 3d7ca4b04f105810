import { Hangup, Say, VoiceResponse } from "twiml-jsx";

export const goodbye = (
  <VoiceResponse>
    <Hangup />
    <Say>Goodbye.</Say>
  </VoiceResponse>
);
