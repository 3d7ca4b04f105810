import { Dial, Gather, Message, MessagingResponse, Number as Num, render, Say, TwiMLError, VoiceResponse } from "twiml-jsx";

function Greeting(props: { name: string }) {
  return (
    <Say voice="Polly.Joanna">
      Hello <emphasis level="strong">{props.name}</emphasis>
      <break time="1s" />
    </Say>
  );
}

const call = (
  <VoiceResponse>
    <Gather input={["dtmf", "speech"]} numDigits={1} action="/menu?a=1&b=2">
      <Greeting name="Ada & Bob" />
      <Say>
        Press <say-as interpret-as="digits">1</say-as> for sales.
      </Say>
    </Gather>
    <Dial callerId="+15550100">
      <Num sendDigits="ww1">+15550101</Num>
    </Dial>
  </VoiceResponse>
);

// @ts-expect-error "PUT" is not a method Twilio accepts, which proves the package's types are in use.
export const rejected = <Gather method="PUT" />;

console.log(render(call));
console.log(
  render(
    <MessagingResponse>
      <Message>Hi</Message>
    </MessagingResponse>,
    { declaration: false },
  ),
);
try {
  render(
    <VoiceResponse>
      <Message>Hi</Message>
    </VoiceResponse>,
  );
} catch (error) {
  console.log(error instanceof TwiMLError ? error.code : "not a TwiMLError");
}
