import { Body, Media, Message, MessagingResponse, type TwiMLElement } from "twiml-jsx";

export interface Reply {
  body: string;
  /** Pictures sent with the text (MMS). */
  media: readonly string[];
}

export const MENU_PICTURES: readonly string[] = [
  "https://example.com/menu/today.jpg?w=800&h=600",
  "https://example.com/menu/desserts.jpg?w=800&h=600",
];

/** Picks the reply from the first word of the incoming text, ignoring case and surrounding spaces. */
export function replyTo(incoming: string, menuPictures: readonly string[] = MENU_PICTURES): Reply {
  switch (incoming.trim().split(/\s+/)[0]?.toUpperCase()) {
    case "HOURS":
      return { body: "We're open Monday to Friday 9am-6pm & Saturday 10am-4pm.", media: [] };
    case "MENU":
      return { body: "Here is today's menu. Bon appétit!", media: menuPictures };
    default:
      return { body: "Reply HOURS for our opening hours or MENU for today's menu.", media: [] };
  }
}

export interface SmsAutoReplyProps {
  /** The `Body` parameter of the incoming message webhook. */
  incoming: string;
  menuPictures?: readonly string[];
}

/** Answers an incoming text with the reply its keyword asks for. */
export function SmsAutoReply({ incoming, menuPictures }: SmsAutoReplyProps): TwiMLElement {
  const reply = replyTo(incoming, menuPictures);
  return (
    <MessagingResponse>
      <Message>
        <Body>{reply.body}</Body>
        {reply.media.map((url) => (
          <Media>{url}</Media>
        ))}
      </Message>
    </MessagingResponse>
  );
}

export function defaultSmsAutoReply(): TwiMLElement {
  return <SmsAutoReply incoming="menu" />;
}
