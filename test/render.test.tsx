import { describe, expect, test } from "vitest";
import {
  Dial,
  Fragment,
  Gather,
  Hangup,
  Message,
  MessagingResponse,
  Number as DialNumber,
  Pause,
  Response as TwimlResponse,
  Say,
  UnlistedElement,
  VoiceResponse,
  render,
  type ElementChildren,
} from "twiml-jsx";
import { jsx } from "twiml-jsx/jsx-runtime";

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

describe("children behave as in React", () => {
  test("fragments add no element", () => {
    expect(
      render(
        <VoiceResponse>
          <>
            <Say>a</Say>
            <Pause />
          </>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say>a</Say><Pause/></Response>`);
  });

  test("the Fragment export works like <>", () => {
    expect(
      render(
        <VoiceResponse>
          <Fragment>
            <Hangup />
          </Fragment>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Hangup/></Response>`);
  });

  test("arrays and .map render in order", () => {
    const numbers = ["+15550100", "+15550101"];
    expect(
      render(
        <VoiceResponse>
          <Dial>
            {numbers.map((n) => (
              <DialNumber key={n}>{n}</DialNumber>
            ))}
          </Dial>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Dial><Number>+15550100</Number><Number>+15550101</Number></Dial></Response>`);
  });

  test("cond && element renders nothing when false", () => {
    const member = false as boolean;
    expect(
      render(
        <VoiceResponse>
          {member && <Say>Welcome back</Say>}
          <Hangup />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Hangup/></Response>`);
  });

  test("a ternary renders the chosen branch", () => {
    const open = true as boolean;
    expect(render(<VoiceResponse>{open ? <Say>Open</Say> : <Say>Closed</Say>}</VoiceResponse>)).toBe(
      `${XML}<Response><Say>Open</Say></Response>`,
    );
  });

  test("null, undefined, true and false render nothing", () => {
    expect(
      render(
        <VoiceResponse>
          {null}
          {undefined}
          {true}
          {false}
          <Pause />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Pause/></Response>`);
  });

  test("numbers and bigints render as text", () => {
    expect(
      render(
        <VoiceResponse>
          <Say>
            {3} {10n} {-0.5}
          </Say>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say>3 10 -0.5</Say></Response>`);
  });

  test("interpolated text is joined without separators", () => {
    const name = "Ada";
    expect(
      render(
        <VoiceResponse>
          <Say>Hello {name}, bye</Say>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say>Hello Ada, bye</Say></Response>`);
  });

  test("a user component stands where it is used", () => {
    const Greeting = ({ name }: { name: string }) => <Say>Hi {name}</Say>;
    expect(
      render(
        <VoiceResponse>
          <Greeting name="Bo" />
          <Hangup />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say>Hi Bo</Say><Hangup/></Response>`);
  });

  test("a user component forwards children into a library element", () => {
    const Menu = ({ children }: { children: ElementChildren }) => <Gather numDigits={1}>{children}</Gather>;
    expect(
      render(
        <VoiceResponse>
          <Menu>
            <Say>Press 1</Say>
          </Menu>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Gather numDigits="1"><Say>Press 1</Say></Gather></Response>`);
  });

  test("a component may return the whole document", () => {
    const App = () => (
      <MessagingResponse>
        <Message>ok</Message>
      </MessagingResponse>
    );
    expect(render(<App />)).toBe(`${XML}<Response><Message>ok</Message></Response>`);
  });

  test("a component may render another document while being rendered", () => {
    const Inner = () => (
      <Say>
        {render(
          <VoiceResponse>
            <Pause />
          </VoiceResponse>,
          { declaration: false },
        )}
      </Say>
    );
    expect(
      render(
        <VoiceResponse>
          <Inner />
          <Hangup />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say>&lt;Response&gt;&lt;Pause/&gt;&lt;/Response&gt;</Say><Hangup/></Response>`);
  });

  test("key is accepted and not written", () => {
    expect(
      render(
        <VoiceResponse>
          <Say key="k">x</Say>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say>x</Say></Response>`);
  });

  test("components can be called as functions", () => {
    expect(render(VoiceResponse({ children: Say({ children: "x" }) }))).toBe(`${XML}<Response><Say>x</Say></Response>`);
  });

  test("jsx() from the runtime makes the same element", () => {
    expect(render(jsx(VoiceResponse, { children: jsx(Say, { voice: "alice", children: "x" }) }))).toBe(
      `${XML}<Response><Say voice="alice">x</Say></Response>`,
    );
  });
});

describe("attributes", () => {
  test("are written in the order they are given", () => {
    expect(
      render(
        <VoiceResponse>
          <Gather timeout={5} action="/a" numDigits={1} />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Gather timeout="5" action="/a" numDigits="1"/></Response>`);
  });

  test("null and undefined values are left out", () => {
    expect(
      render(
        <VoiceResponse>
          <Gather action={undefined} timeout={null as never} />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Gather/></Response>`);
  });

  test("lists are written space-separated", () => {
    expect(
      render(
        <VoiceResponse>
          <Gather input={["dtmf", "speech"]} />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Gather input="dtmf speech"/></Response>`);
  });

  test("hint lists are written comma-separated", () => {
    expect(
      render(
        <VoiceResponse>
          <Gather hints={["sales", "support"]} />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Gather hints="sales,support"/></Response>`);
  });

  test("booleans are written true and false", () => {
    expect(
      render(
        <VoiceResponse>
          <Gather bargeIn={false} actionOnEmptyResult />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Gather bargeIn="false" actionOnEmptyResult="true"/></Response>`);
  });

  test("integer attributes take numeric strings", () => {
    expect(
      render(
        <VoiceResponse>
          <Gather numDigits="4" />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Gather numDigits="4"/></Response>`);
  });

  test("values are escaped", () => {
    expect(
      render(
        <VoiceResponse>
          <Gather action={'/a?x=1&y="2"<>'} />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Gather action="/a?x=1&amp;y=&quot;2&quot;&lt;>"/></Response>`);
  });
});

describe("options", () => {
  test("declaration: false leaves out the XML declaration", () => {
    expect(
      render(
        <VoiceResponse>
          <Hangup />
        </VoiceResponse>,
        { declaration: false },
      ),
    ).toBe("<Response><Hangup/></Response>");
  });

  test("indent puts element-only content on separate lines and keeps text inline", () => {
    expect(
      render(
        <VoiceResponse>
          <Gather numDigits={1}>
            <Say>
              Hi <break time="1s" /> there
            </Say>
            <Pause />
          </Gather>
        </VoiceResponse>,
        { indent: 2 },
      ),
    ).toBe(
      `${XML}\n<Response>\n  <Gather numDigits="1">\n    <Say>Hi <break time="1s"/> there</Say>\n    <Pause/>\n  </Gather>\n</Response>`,
    );
  });

  test("indent keeps a Say that holds only SSML on one line", () => {
    expect(
      render(
        <VoiceResponse>
          <Say>
            <s>One.</s>
            <s>Two.</s>
          </Say>
        </VoiceResponse>,
        { indent: 2, declaration: false },
      ),
    ).toBe("<Response>\n  <Say><s>One.</s><s>Two.</s></Say>\n</Response>");
  });

  test("indent accepts a string", () => {
    expect(
      render(
        <VoiceResponse>
          <Hangup />
        </VoiceResponse>,
        { indent: "\t", declaration: false },
      ),
    ).toBe("<Response>\n\t<Hangup/>\n</Response>");
  });

  test("an empty document is a self-closed Response", () => {
    expect(render(<TwimlResponse />)).toBe(`${XML}<Response/>`);
  });

  test("forbidden characters are dropped unless strict", () => {
    expect(
      render(
        <VoiceResponse>
          <Say>a{"\u0001\uFFFF"}b</Say>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say>ab</Say></Response>`);
  });
});

describe("the escape hatch", () => {
  test("UnlistedElement writes a tag and attributes the vocabulary does not know", () => {
    expect(
      render(
        <VoiceResponse>
          <UnlistedElement tag="Beep" attributes={{ tone: "high & low", count: 2, on: true }}>
            <Say voice="woman">x</Say>
          </UnlistedElement>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Beep tone="high &amp; low" count="2" on="true"><Say voice="woman">x</Say></Beep></Response>`);
  });

  test("unlistedAttributes are written after the known ones, escaped", () => {
    expect(
      render(
        <VoiceResponse>
          <Say unlistedAttributes={{ newAttr: "<v>" }} voice="alice">
            x
          </Say>
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say voice="alice" newAttr="&lt;v>">x</Say></Response>`);
  });

  test("known elements inside an UnlistedElement still have their attributes checked", () => {
    expect(() =>
      render(
        <VoiceResponse>
          <UnlistedElement tag="Wrap">
            <Say loop={1.5}>x</Say>
          </UnlistedElement>
        </VoiceResponse>,
      ),
    ).toThrow("<Say loop={1.5}> is not valid: expected a whole number of at least 0 at Response > Wrap[0] > Say");
  });
});

describe("Amazon Polly SSML", () => {
  test("amazon:domain and amazon:effect hold other SSML tags", () => {
    expect(
      render(
        <VoiceResponse>
          <Say voice="Polly.Matthew-Neural">
            <amazon:domain name="news">
              <s>Markets rose.</s>
            </amazon:domain>
            <amazon:effect name="whispered">
              psst
              <break time="200ms" />
            </amazon:effect>
          </Say>
        </VoiceResponse>,
      ),
    ).toBe(
      `${XML}<Response><Say voice="Polly.Matthew-Neural"><amazon:domain name="news"><s>Markets rose.</s></amazon:domain><amazon:effect name="whispered">psst<break time="200ms"/></amazon:effect></Say></Response>`,
    );
  });
});

test("indent puts nouns of a Dial on their own lines", () => {
  expect(
    render(
      <VoiceResponse>
        <Dial>
          <DialNumber>+15550100</DialNumber>
          <DialNumber>+15550101</DialNumber>
        </Dial>
      </VoiceResponse>,
      { indent: 2, declaration: false },
    ),
  ).toBe("<Response>\n  <Dial>\n    <Number>+15550100</Number>\n    <Number>+15550101</Number>\n  </Dial>\n</Response>");
});
