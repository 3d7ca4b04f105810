import { Dial, Hangup, Number, Redirect, Say, VoiceResponse, type NumberStatusCallbackEventValue, type TwiMLElement } from "twiml-jsx";

export interface Destination {
  /** Phone number in E.164 format. */
  number: string;
  /** Digits to press once the line answers, e.g. an extension: `w` waits half a second. */
  sendDigits?: string;
}

export interface ForwardProps {
  /** Numbers rung at the same time; the first to answer gets the call. */
  destinations: readonly Destination[];
  /** Number shown to the people being called. */
  callerId: string;
  /** Seconds to let the phones ring. */
  timeout?: number;
  /** Webhook that decides what happens after the forwarded call (see `AfterForward`). */
  action?: string;
  /** Webhook that receives each destination's call progress. */
  statusCallback?: string;
  statusCallbackEvent?: readonly NumberStatusCallbackEventValue[];
}

/**
 * Rings every destination at once. The caller hears ringing, not silence, until someone answers
 * (`answerOnBridge`). With an `action`, Twilio fetches the next document from it when the dial ends.
 */
export function Forward({
  destinations,
  callerId,
  timeout = 20,
  action = "/forward/after",
  statusCallback = "/forward/status",
  statusCallbackEvent = ["initiated", "ringing", "answered", "completed"],
}: ForwardProps): TwiMLElement {
  return (
    <VoiceResponse>
      <Dial action={action} callerId={callerId} timeout={timeout} answerOnBridge>
        {destinations.map((d) => (
          <Number sendDigits={d.sendDigits} statusCallback={statusCallback} statusCallbackEvent={statusCallbackEvent}>
            {d.number}
          </Number>
        ))}
      </Dial>
    </VoiceResponse>
  );
}

/** The values Twilio sends as `DialCallStatus` to the `<Dial action>` webhook. */
export type DialCallStatus = "completed" | "answered" | "busy" | "no-answer" | "failed" | "canceled";

export interface AfterForwardProps {
  dialCallStatus: DialCallStatus;
  /** Where to send callers nobody answered (a voicemail document). */
  voicemailUrl?: string;
}

/**
 * Served at the `<Dial action>` URL: verbs placed after a `<Dial>` that has an `action` never run, so the
 * "nobody answered" message lives here.
 */
export function AfterForward({ dialCallStatus, voicemailUrl = "/voicemail" }: AfterForwardProps): TwiMLElement {
  return (
    <VoiceResponse>
      {dialCallStatus === "completed" || dialCallStatus === "answered" ? (
        <Hangup />
      ) : (
        <>
          <Say>Sorry, nobody is available to take your call.</Say>
          <Redirect>{voicemailUrl}</Redirect>
        </>
      )}
    </VoiceResponse>
  );
}

export const TEAM: readonly Destination[] = [
  { number: "+14155550101" },
  { number: "+14155550102" },
  { number: "+14155550100", sendDigits: "ww204" },
];

export function defaultForward(): TwiMLElement {
  return <Forward destinations={TEAM} callerId="+14155550199" />;
}

export function defaultAfterForward(): TwiMLElement {
  return <AfterForward dialCallStatus="no-answer" />;
}
