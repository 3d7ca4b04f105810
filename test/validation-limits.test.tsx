// Documented ranges of attributes and Twilio's documented limits, enforced at render time.
import { describe, expect, test } from "vitest";
import {
  Body,
  Dial,
  Enqueue,
  Gather,
  MAX_DOCUMENT_BYTES,
  Media,
  Message,
  MessagingResponse,
  Play,
  Prompt,
  Pay,
  Queue,
  render,
  Say,
  type TwiMLError,
  VoiceResponse,
  type TwiMLElement,
} from "twiml-jsx";
import { checkChildren } from "../src/vocabulary/nesting.js";
import { thrown } from "./thrown.js";

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

const failure = (element: TwiMLElement): TwiMLError => thrown(() => render(element));

const untyped = <T,>(value: unknown): T => value as T;

describe("attribute ranges", () => {
  // https://www.twilio.com/docs/voice/twiml/say#attributes-loop
  test("a negative loop is TWIML005", () => {
    const e = failure(
      <VoiceResponse>
        <Say loop={-1}>Hi</Say>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML005");
    expect(e.message).toBe("<Say loop={-1}> is not valid: expected a whole number of at least 0 at Response > Say");
  });

  test("a negative loop written as a string is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Play loop="-2">https://example.com/a.mp3</Play>
        </VoiceResponse>,
      ).message,
    ).toBe('<Play loop={"-2"}> is not valid: expected a whole number of at least 0 at Response > Play');
  });

  test("the lowest value of a range renders", () => {
    expect(
      render(
        <VoiceResponse>
          <Say loop={0}>Hi</Say>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say loop="0">Hi</Say></Response>`);
  });

  // https://www.twilio.com/docs/voice/twiml/dial#timeout
  test("a value over the top of a range is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Dial timeout={601}>+15551234567</Dial>
        </VoiceResponse>,
      ).message,
    ).toBe("<Dial timeout={601}> is not valid: expected a whole number from 5 to 600 at Response > Dial");
  });

  test("a value under the bottom of a range is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Gather numDigits={0} />
        </VoiceResponse>,
      ).message,
    ).toBe("<Gather numDigits={0}> is not valid: expected a whole number of at least 1 at Response > Gather");
  });

  test("a value seen valid before does not let an out-of-range one through", () => {
    render(
      <VoiceResponse>
        <Dial timeout={30}>+15551234567</Dial>
      </VoiceResponse>,
    );
    expect(
      failure(
        <VoiceResponse>
          <Dial timeout={4}>+15551234567</Dial>
        </VoiceResponse>,
      ).code,
    ).toBe("TWIML005");
  });

  test("every item of an integer list is held to the range", () => {
    expect(
      failure(
        <VoiceResponse>
          <Pay>
            <Prompt attempt={untyped([1, 1.5])}>
              <Say>Card</Say>
            </Prompt>
          </Pay>
        </VoiceResponse>,
      ).code,
    ).toBe("TWIML005");
  });
});

describe("Twilio's documented limits", () => {
  // https://www.twilio.com/docs/voice/twiml/enqueue ("The queue name must be 64 characters or less")
  test("a queue name of 64 characters renders", () => {
    const name = "q".repeat(64);
    expect(
      render(
        <VoiceResponse>
          <Enqueue>{name}</Enqueue>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Enqueue>${name}</Enqueue></Response>`);
  });

  test("an <Enqueue> queue name over 64 characters is TWIML019", () => {
    const e = failure(
      <VoiceResponse>
        <Enqueue>{"q".repeat(65)}</Enqueue>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML019");
    expect(e.message).toBe(
      "<Enqueue> holds a queue name of 65 characters; Twilio takes at most 64 (Twilio 14205): shorten it at Response > Enqueue",
    );
  });

  // https://www.twilio.com/docs/api/errors/14213
  test("a <Dial><Queue> name over 64 characters is TWIML019, counted over all its text pieces", () => {
    const e = failure(
      <VoiceResponse>
        <Dial>
          <Queue>
            {"a".repeat(40)}
            {"b".repeat(25)}
          </Queue>
        </Dial>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML019");
    expect(e.path).toBe("Response > Dial[0] > Queue");
  });

  // https://www.twilio.com/docs/api/errors/14103 ("Make sure the text of the message you are sending is 1600 characters or less")
  test("a <Body> of 1,600 characters renders", () => {
    const body = "x".repeat(1600);
    expect(
      render(
        <MessagingResponse>
          <Message>
            <Body>{body}</Body>
          </Message>
        </MessagingResponse>,
      ),
    ).toBe(`${XML}<Response><Message><Body>${body}</Body></Message></Response>`);
  });

  test("a <Body> over 1,600 characters is TWIML019", () => {
    const e = failure(
      <MessagingResponse>
        <Message>
          <Body>{"x".repeat(1601)}</Body>
        </Message>
      </MessagingResponse>,
    );
    expect(e.message).toBe(
      "<Body> holds a message body of 1,601 characters; Twilio takes at most 1,600 (Twilio 14103): shorten it at Response > Message[0] > Body",
    );
  });

  test("a <Message> text over 1,600 characters is TWIML019, counted before escaping", () => {
    const e = failure(
      <MessagingResponse>
        <Message>{"&".repeat(1601)}</Message>
      </MessagingResponse>,
    );
    expect(e.code).toBe("TWIML019");
    expect(
      render(
        <MessagingResponse>
          <Message>{"&".repeat(1600)}</Message>
        </MessagingResponse>,
      ).length,
    ).toBe(XML.length + 40 + 1600 * 5);
  });

  // https://www.twilio.com/docs/api/errors/14109: a warning; Twilio sends the first 10 replies and drops the rest.
  test("more than 10 <Message> replies render: Twilio only warns, so only the static tools report it", () => {
    const replies = Array.from({ length: 11 }, () => <Message>Hi</Message>);
    expect(render(<MessagingResponse>{replies}</MessagingResponse>)).toBe(
      `${XML}<Response>${"<Message>Hi</Message>".repeat(11)}</Response>`,
    );
  });

  test("the static nesting rules warn about more than 10 <Message> replies", () => {
    const children = Array.from({ length: 11 }, (_, i) => ({ tag: "Message", node: i, certain: true }));
    expect(checkChildren("Response", "messaging", children)).toEqual([
      { node: 10, problem: { code: "TWIML012", message: "<Response> holds at most 10 <Message>, found 11" }, severity: "warning" },
    ]);
  });

  test("the static nesting rules count replies in a <Response> that infers its kind", () => {
    const children = Array.from({ length: 12 }, (_, i) => ({ tag: "Message", node: i, certain: true }));
    expect(checkChildren("Response", undefined, children).map((f) => f.severity)).toEqual(["warning"]);
  });

  // https://www.twilio.com/docs/messaging/api/media-resource ("up to 10 media files")
  test("more than 10 <Media> in one message is TWIML012", () => {
    const media = Array.from({ length: 11 }, (_, i) => <Media>{`https://example.com/${i}.png`}</Media>);
    expect(
      failure(
        <MessagingResponse>
          <Message>{media}</Message>
        </MessagingResponse>,
      ).message,
    ).toBe("<Message> holds at most 10 <Media>, found 11 at Response > Message");
  });

  // https://www.twilio.com/docs/api/errors/13521: only a warning; Twilio still speaks, so render does not refuse it.
  test("<Say> text over 4,096 characters renders: Twilio only warns", () => {
    const text = "a".repeat(5000);
    expect(
      render(
        <VoiceResponse>
          <Say>{text}</Say>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say>${text}</Say></Response>`);
  });

  // https://www.twilio.com/docs/api/errors/11750
  test("the document size limit is exported for servers and tools: 64 KB", () => {
    expect(MAX_DOCUMENT_BYTES).toBe(65536);
  });
});
