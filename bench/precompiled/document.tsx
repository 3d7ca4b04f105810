// The IVR document with only the caller's name dynamic: what `twiml-jsx/babel` precompiles into a template.
import { Gather, Pause, Play, Redirect, Say, VoiceResponse } from "twiml-jsx";

export const ivr = (name: string) => (
  <VoiceResponse>
    <Gather input={["dtmf", "speech"]} numDigits={1} action="/ivr/choice?menu=main&amp;attempt=1" hints="sales,support,billing" timeout={5}>
      <Say voice="Polly.Joanna">
        Hello {name}, thank you for calling Barnes &amp; Noble Plumbing.
        <break time="500ms" />
      </Say>
      <Say voice="Polly.Joanna">
        <prosody rate="90%">Please listen carefully, as our menu options have changed.</prosody>
      </Say>
      <Say voice="Polly.Joanna">
        For sales, press <say-as interpret-as="digits">1</say-as>.
      </Say>
      <Say voice="Polly.Joanna">
        For billing &amp; payments, press <say-as interpret-as="digits">2</say-as>.
      </Say>
      <Say voice="Polly.Joanna">
        For orders over &lt;$500&gt;, press <say-as interpret-as="digits">3</say-as>.
      </Say>
      <Say voice="Polly.Joanna">
        For an operator, press <say-as interpret-as="digits">0</say-as>.
      </Say>
      <Pause length={1} />
      <Play>https://example.com/hold.mp3</Play>
    </Gather>
    <Say voice="Polly.Joanna">
      Sorry, we did not get that.
      <break strength="weak" />
      Goodbye, {name}!
    </Say>
    <Redirect method="POST">/ivr/main</Redirect>
  </VoiceResponse>
);
