import { Dial, Enqueue, Play, Queue, Say, VoiceResponse, type TwiMLElement } from "twiml-jsx";

export interface EnqueueCallerProps {
  /** Queue name; Twilio creates the queue on first use. */
  queue?: string;
  /** Document played to the caller while waiting (see `HoldMusic`). */
  waitUrl?: string;
  /** Webhook requested when the caller leaves the queue without reaching an agent. */
  action?: string;
}

/** Answers the caller and puts them in the queue. */
export function EnqueueCaller({ queue = "support", waitUrl = "/queue/wait", action = "/queue/left" }: EnqueueCallerProps): TwiMLElement {
  return (
    <VoiceResponse>
      <Enqueue waitUrl={waitUrl} action={action}>
        {queue}
      </Enqueue>
    </VoiceResponse>
  );
}

export interface HoldMusicProps {
  /** The caller's place in the queue, from the `QueuePosition` parameter of the wait request. */
  position: number;
  /** Audio file looped until an agent picks up. */
  music?: string;
}

/** Served at `waitUrl`: tells the caller where they stand, then plays music until an agent answers. */
export function HoldMusic({
  position,
  music = "http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3",
}: HoldMusicProps): TwiMLElement {
  return (
    <VoiceResponse>
      <Say>{position === 1 ? "You are next in line." : `You are number ${position} in line.`} Please hold.</Say>
      <Play loop={0}>{music}</Play>
    </VoiceResponse>
  );
}

export interface AnswerNextCallerProps {
  queue?: string;
}

/** For the agent's phone: connects the agent to the caller who has waited longest. */
export function AnswerNextCaller({ queue = "support" }: AnswerNextCallerProps): TwiMLElement {
  return (
    <VoiceResponse>
      <Dial>
        <Queue>{queue}</Queue>
      </Dial>
    </VoiceResponse>
  );
}

export function defaultEnqueueCaller(): TwiMLElement {
  return <EnqueueCaller />;
}

export function defaultHoldMusic(): TwiMLElement {
  return <HoldMusic position={3} />;
}

export function defaultAnswerNextCaller(): TwiMLElement {
  return <AnswerNextCaller />;
}
