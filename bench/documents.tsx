// The benchmark documents written with twiml-jsx, as an application would write them.
import { Gather, Media, Body, Message, MessagingResponse, Pause, Play, Redirect, Say, VoiceResponse } from "twiml-jsx";
import type { TwiMLElement } from "twiml-jsx";
import type { IvrInput, SmsInput } from "./inputs.js";

export function ivr(d: IvrInput): TwiMLElement {
  return (
    <VoiceResponse>
      <Gather input={["speech", "dtmf"]} numDigits={1} action={d.action} hints={d.hints} timeout={5}>
        <Say voice="Polly.Joanna">
          Hello {d.callerName}, thank you for calling {d.company}.<break time="500ms" />
          Your account number is <say-as interpret-as="digits">{d.account}</say-as>.
        </Say>
        <Say voice="Polly.Joanna">
          <prosody rate="90%">Please listen carefully, as our menu options have changed.</prosody>
        </Say>
        {d.options.map((o) => (
          <Say voice="Polly.Joanna">
            For {o.label}, press <say-as interpret-as="digits">{o.digit}</say-as>.
          </Say>
        ))}
        <Pause length={1} />
        <Play>{d.holdMusic}</Play>
      </Gather>
      <Say voice="Polly.Joanna">
        Sorry, we did not get that.
        <break strength="weak" />
        Goodbye, {d.callerName}!
      </Say>
      <Redirect method="POST">{d.redirect}</Redirect>
    </VoiceResponse>
  );
}

export function sms(d: SmsInput): TwiMLElement {
  return (
    <MessagingResponse>
      <Message action={d.action}>
        <Body>{d.body}</Body>
        <Media>{d.media[0]}</Media>
        <Media>{d.media[1]}</Media>
      </Message>
    </MessagingResponse>
  );
}

export function says(texts: readonly string[]): TwiMLElement {
  return (
    <VoiceResponse>
      {texts.map((text) => (
        <Say>{text}</Say>
      ))}
    </VoiceResponse>
  );
}
