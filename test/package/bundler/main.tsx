import { Body, Media, Message, MessagingResponse, render, type TwiMLElement } from "twiml-jsx";

function Reply(props: { text: string; image?: string }): TwiMLElement {
  return (
    <Message>
      <Body>{props.text}</Body>
      {props.image === undefined ? null : <Media>{props.image}</Media>}
    </Message>
  );
}

export const xml: string = render(
  <MessagingResponse>
    <Reply text="Your order has shipped." image="https://example.com/parcel.png" />
  </MessagingResponse>,
);

// @ts-expect-error "sometimes" is not an HTTP method, which proves the package's types are in use.
export const rejected = <Message method="sometimes">Hi</Message>;
