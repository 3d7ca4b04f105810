import { Record, Say, VoiceResponse, type SayProps, type TwiMLElement } from "twiml-jsx";

export interface VoicemailProps {
  /** Spoken before the beep. */
  greeting?: string;
  /** Text-to-speech voice for the greeting. */
  voice?: SayProps["voice"];
  /** Longest message to record, in seconds. */
  maxLength?: number;
  /** Webhook that receives the transcription; leave it out to skip transcribing. */
  transcribeCallback?: string;
}

/** Greets the caller and records a message after the beep. */
export function Voicemail({
  greeting = "Please leave a message after the tone.",
  voice = "woman",
  maxLength = 20,
  transcribeCallback,
}: VoicemailProps): TwiMLElement {
  return (
    <VoiceResponse>
      <Say voice={voice}>{greeting}</Say>
      {/* An undefined prop writes no attribute, so transcription stays off unless a callback is given. */}
      <Record maxLength={maxLength} transcribeCallback={transcribeCallback} />
    </VoiceResponse>
  );
}

export function defaultVoicemail(): TwiMLElement {
  return <Voicemail />;
}
