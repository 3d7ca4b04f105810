import twiml = require("twiml-jsx");

const { Dial, Gather, Number: Num, Pause, render, Say, TwiMLError, VoiceResponse } = twiml;

function Menu(props: { options: readonly string[] }) {
  return (
    <>
      {props.options.map((option, i) => (
        <Say key={option}>
          For {option}, press <say-as interpret-as="digits">{i + 1}</say-as>.
        </Say>
      ))}
    </>
  );
}

const call = (
  <VoiceResponse>
    <Gather numDigits={1} timeout={3}>
      <Menu options={["sales", "support"]} />
      <Pause length={2} />
    </Gather>
    <Dial timeout={20}>
      <Num>+15550102</Num>
    </Dial>
  </VoiceResponse>
);

console.log(render(call, { indent: 2 }));
try {
  render(
    <VoiceResponse>
      {/* @ts-expect-error "sometimes" is not a record mode: the types reject what the renderer rejects. */}
      <Dial record="sometimes">+15550102</Dial>
    </VoiceResponse>,
  );
} catch (error) {
  console.log(error instanceof TwiMLError ? error.code : "not a TwiMLError");
}
