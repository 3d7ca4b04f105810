// One render's state is its own: re-entrant renders, renders that threw, other libraries' prototype additions,
// runaway nesting and the indent option.
import { describe, expect, test } from "vitest";
import {
  Gather,
  Parameter,
  Pause,
  render,
  Say,
  Start,
  Stream,
  TwiMLError,
  VoiceResponse,
  type TwiMLElement,
  type TwiMLNode,
} from "twiml-jsx";
import { thrown } from "./thrown.js";
import { jsx } from "twiml-jsx/jsx-runtime";

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

describe("re-entrancy", () => {
  test("a component that renders another document inside a render leaves the outer output whole", () => {
    function Quoted(): TwiMLElement {
      const inner = render(
        <VoiceResponse>
          <Pause length={2} />
        </VoiceResponse>,
        { declaration: false },
      );
      return <Say>{inner}</Say>;
    }
    expect(
      render(
        <VoiceResponse>
          <Say>before</Say>
          <Gather>
            <Quoted />
          </Gather>
          <Pause />
        </VoiceResponse>,
      ),
    ).toBe(
      `${XML}<Response><Say>before</Say><Gather><Say>&lt;Response&gt;&lt;Pause length="2"/&gt;&lt;/Response&gt;</Say></Gather><Pause/></Response>`,
    );
  });

  test("an inner render that throws inside a component does not disturb the outer render", () => {
    function Careful(): TwiMLElement {
      expect(() => render(<VoiceResponse>{jsx(Say, {})}</VoiceResponse>)).toThrow(TwiMLError);
      return <Say>still here</Say>;
    }
    expect(
      render(
        <VoiceResponse>
          <Pause />
          <Careful />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Pause/><Say>still here</Say></Response>`);
  });

  test("an inner strict render does not make the outer render strict", () => {
    function Strict(): TwiMLElement {
      render(
        <VoiceResponse>
          <Say>a</Say>
        </VoiceResponse>,
        { strict: true },
      );
      return <Say>{"x\u0000y"}</Say>;
    }
    expect(
      render(
        <VoiceResponse>
          <Strict />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Say>xy</Say></Response>`);
  });

  test("a render that threw halfway leaves nothing behind for the next one", () => {
    thrown(() =>
      render(
        <VoiceResponse>
          <Gather>
            <Say>half</Say>
            {jsx(Say, {})}
          </Gather>
        </VoiceResponse>,
      ),
    );
    expect(
      render(
        <VoiceResponse>
          <Pause />
        </VoiceResponse>,
      ),
    ).toBe(`${XML}<Response><Pause/></Response>`);
  });

  test("a render that threw inside a deep element does not shift the next render's bookkeeping", () => {
    thrown(() =>
      render(
        <VoiceResponse>
          <Gather>
            <Say>a</Say>
            <Say>b</Say>
            <Gather />
          </Gather>
        </VoiceResponse>,
      ),
    );
    const e = thrown(() => render(<VoiceResponse>{jsx(Say, {})}</VoiceResponse>));
    expect(e.message).toBe("<Say> needs text or child elements at Response > Say");
  });
});

describe("own properties only", () => {
  test("a property another library adds to Object.prototype is neither an attribute nor children", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = "yes";
    proto.children = "injected";
    proto.voice = "woman";
    try {
      expect(
        render(
          <VoiceResponse>
            <Say>Hello</Say>
            <Pause />
          </VoiceResponse>,
        ),
      ).toBe(`${XML}<Response><Say>Hello</Say><Pause/></Response>`);
    } finally {
      delete proto.polluted;
      delete proto.children;
      delete proto.voice;
    }
  });

  test("an inherited value does not satisfy a required attribute", () => {
    const props = Object.create({ name: "inherited", value: "x" }) as Record<string, unknown>;
    const e = thrown(() =>
      render(
        <VoiceResponse>
          <Start>
            <Stream url="wss://example.com/s">{jsx(Parameter, props)}</Stream>
          </Start>
        </VoiceResponse>,
      ),
    );
    expect(e.message).toBe('<Parameter> needs the "name" attribute at Response > Start[0] > Stream[0] > Parameter');
  });
});

describe("nesting depth", () => {
  test("elements nested past the limit are refused with TWIML019, not a stack overflow", () => {
    let node: TwiMLNode = "deep";
    for (let i = 0; i < 3000; i++) node = jsx("emphasis", { children: node });
    const e = thrown(() =>
      render(
        <VoiceResponse>
          <Say>{node}</Say>
        </VoiceResponse>,
      ),
    );
    expect(e.code).toBe("TWIML019");
    expect(e.problem).toBe(
      "the document nests deeper than 1,000 levels of elements and components (a component that renders itself without end?)",
    );
  });

  test("components nested past the limit are refused with TWIML019", () => {
    function Layer({ n }: { n: number }): TwiMLElement {
      return n === 0 ? <Say>bottom</Say> : <Layer n={n - 1} />;
    }
    const e = thrown(() =>
      render(
        <VoiceResponse>
          <Layer n={3000} />
        </VoiceResponse>,
      ),
    );
    expect(e.code).toBe("TWIML019");
  });

  test("a component that renders itself without end is refused with TWIML019", () => {
    function Forever(): TwiMLElement {
      return <Forever />;
    }
    expect(
      thrown(() =>
        render(
          <VoiceResponse>
            <Forever />
          </VoiceResponse>,
        ),
      ).code,
    ).toBe("TWIML019");
  });

  test("a root component that renders itself without end is refused with TWIML019", () => {
    function Root(): TwiMLElement {
      return <Root />;
    }
    expect(thrown(() => render(<Root />)).code).toBe("TWIML019");
  });

  test("nesting within the limit renders", () => {
    let node: TwiMLNode = "deep";
    for (let i = 0; i < 900; i++) node = jsx("emphasis", { children: node });
    const xml = render(
      <VoiceResponse>
        <Say>{node}</Say>
      </VoiceResponse>,
      { declaration: false },
    );
    expect(xml).toBe(`<Response><Say>${"<emphasis>".repeat(900)}deep${"</emphasis>".repeat(900)}</Say></Response>`);
  });
});

describe("the indent option", () => {
  test("takes a number of spaces", () => {
    expect(
      render(
        <VoiceResponse>
          <Gather>
            <Say>a</Say>
          </Gather>
        </VoiceResponse>,
        { indent: 2, declaration: false },
      ),
    ).toBe("<Response>\n  <Gather>\n    <Say>a</Say>\n  </Gather>\n</Response>");
  });

  test("takes a string of tabs", () => {
    expect(
      render(
        <VoiceResponse>
          <Pause />
        </VoiceResponse>,
        { indent: "\t", declaration: false },
      ),
    ).toBe("<Response>\n\t<Pause/>\n</Response>");
  });

  test.each([["\u0000"], ["<!--"], ["\n"], ["x"]])("refuses the string %j", (step) => {
    expect(() =>
      render(
        <VoiceResponse>
          <Pause />
        </VoiceResponse>,
        { indent: step },
      ),
    ).toThrow(`render: the indent option is ${JSON.stringify(step)}; use a number of spaces from 0 to 16, or a string of spaces and tabs`);
  });

  test.each([[-1], [1.5], [17], [Number.NaN]])("refuses the number %s", (n) => {
    expect(() =>
      render(
        <VoiceResponse>
          <Pause />
        </VoiceResponse>,
        { indent: n },
      ),
    ).toThrow(`render: the indent option is ${n}; use a number of spaces from 0 to 16, or a string of spaces and tabs`);
  });
});
