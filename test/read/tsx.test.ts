import { beforeAll, describe, expect, test } from "vitest";
import { type TwiMLError, render } from "twiml-jsx";
import { ToTSXError, XmlParseError, parse, toTSX } from "twiml-jsx/read";
import { compileAndRender } from "./compile.js";

/** The JSX that `toTSX` returns for a document, without the module around it. */
function body(xml: string): string {
  const lines = toTSX(xml).split("\n");
  const start = lines.findIndex((l) => l.startsWith("  return"));
  const source = lines.slice(start, -2).join("\n");
  return source.startsWith("  return (") ? source.slice("  return (\n".length, -"\n  );".length) : source.slice("  return ".length, -1);
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error("nothing was thrown");
}

test("a document becomes a module whose default export is a component taking no props", () => {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Gather input="speech dtmf" numDigits="1" action="/menu?step=2&amp;lang=en" hints="sales,support">\n' +
    '    <Say voice="Polly.Joanna">Press 1 for <emphasis level="strong">sales</emphasis>, {2} for support &amp; more.</Say>\n' +
    "  </Gather>\n  <Say>We did not get that.</Say>\n  <Redirect>/menu</Redirect>\n</Response>";
  expect(toTSX(xml, { name: "Menu" })).toBe(
    [
      "/** @jsxImportSource twiml-jsx */",
      'import { Gather, Redirect, Say, VoiceResponse, type TwiMLElement } from "twiml-jsx";',
      "",
      "export default function Menu(): TwiMLElement {",
      "  return (",
      "    <VoiceResponse>",
      "      <Gather",
      '        input={["speech", "dtmf"]}',
      "        numDigits={1}",
      '        action={"/menu?step=2&lang=en"}',
      '        hints={["sales", "support"]}',
      "      >",
      '        <Say voice="Polly.Joanna">Press 1 for <emphasis level="strong">sales</emphasis>, {"{"}2{"}"} for support &amp; more.</Say>',
      "      </Gather>",
      "      <Say>We did not get that.</Say>",
      "      <Redirect>/menu</Redirect>",
      "    </VoiceResponse>",
      "  );",
      "}",
      "",
    ].join("\n"),
  );
});

test("an empty document returns its root on one line", () => {
  expect(body("<Response/>")).toBe("<TwimlResponse />");
});

test("the component is named Twiml unless told otherwise", () => {
  expect(toTSX("<Response/>").split("\n")[3]).toBe("export default function Twiml(): TwiMLElement {");
});

describe("attributes in their typed forms", () => {
  test("numbers, true as a bare name, false, lists, and strings", () => {
    expect(
      body('<Response><Dial answerOnBridge="true" hangupOnStar="false" timeout="20" callerId="+15550100">+15550101</Dial></Response>'),
    ).toBe(
      [
        "    <VoiceResponse>",
        '      <Dial answerOnBridge hangupOnStar={false} timeout={20} callerId="+15550100">+15550101</Dial>',
        "    </VoiceResponse>",
      ].join("\n"),
    );
  });

  test("strings JSX would read differently are string expressions: quotes, entities, line breaks", () => {
    expect(body(`<Response><Say voice='a "b"' language="&amp;copy;">Hi</Say><Play digits="1&#10;2"/></Response>`)).toBe(
      [
        "    <VoiceResponse>",
        '      <Say voice={"a \\"b\\""} language={"&copy;"}>Hi</Say>',
        '      <Play digits={"1\\n2"} />',
        "    </VoiceResponse>",
      ].join("\n"),
    );
  });

  test("unknown attributes go to unlistedAttributes, unknown tags to UnlistedElement", () => {
    expect(body('<Response><Say lagnauge="en" data-x="1">Hi</Say><Beep tone="high"/></Response>')).toBe(
      [
        "    <VoiceResponse>",
        '      <Say unlistedAttributes={{ lagnauge: "en", "data-x": "1" }}>Hi</Say>',
        '      <UnlistedElement tag="Beep" attributes={{ tone: "high" }} />',
        "    </VoiceResponse>",
      ].join("\n"),
    );
  });

  test("SSML tags and attributes keep their names, namespaced ones included", () => {
    expect(
      body('<Response><Say><lang xml:lang="fr-FR">Bonjour</lang><amazon:effect name="whispered">psst</amazon:effect></Say></Response>'),
    ).toBe(
      [
        "    <VoiceResponse>",
        "      <Say>",
        '        <lang xml:lang="fr-FR">Bonjour</lang>',
        '        <amazon:effect name="whispered">psst</amazon:effect>',
        "      </Say>",
        "    </VoiceResponse>",
      ].join("\n"),
    );
  });
});

describe("text", () => {
  test("markup characters are written as entities and braces as expressions", () => {
    expect(body("<Response><Say>a &lt; b &gt; c &amp; {d}</Say></Response>")).toBe(
      ["    <VoiceResponse>", '      <Say>a &lt; b &gt; c &amp; {"{"}d{"}"}</Say>', "    </VoiceResponse>"].join("\n"),
    );
  });

  test("text with line breaks or tabs, which JSX would collapse, is a string expression", () => {
    expect(body("<Response><Say>\n  Hello\tthere\n</Say></Response>")).toBe(
      ["    <VoiceResponse>", '      <Say>{"\\n  Hello\\tthere\\n"}</Say>', "    </VoiceResponse>"].join("\n"),
    );
  });

  test("spaces at the ends of text stay on the element's line, where JSX keeps them", () => {
    expect(body("<Response><Say> Hello <emphasis>you</emphasis> </Say></Response>")).toBe(
      ["    <VoiceResponse>", "      <Say> Hello <emphasis>you</emphasis> </Say>", "    </VoiceResponse>"].join("\n"),
    );
  });
});

const COMMENTED = [
  '<?xml version="1.0"?>',
  "<!-- menu.xml: the main menu -->",
  "<Response>",
  "  <!-- ask -->",
  '  <Gather numDigits="1">',
  "    <Say>Press <!-- one -->1<emphasis>now</emphasis><!-- end of say --></Say>",
  "    <!-- nothing after the say */ -->",
  "  </Gather>",
  "  <Hangup><!-- bye --></Hangup>",
  "</Response>",
  "<!-- generated -->",
].join("\n");

test("comments are kept before the element that follows them, or at the end of their element", () => {
  expect(toTSX(COMMENTED)).toBe(
    [
      "/** @jsxImportSource twiml-jsx */",
      'import { Gather, Hangup, Say, VoiceResponse, type TwiMLElement } from "twiml-jsx";',
      "",
      "/* menu.xml: the main menu */",
      "export default function Twiml(): TwiMLElement {",
      "  return (",
      "    <VoiceResponse>",
      "      {/* ask */}",
      "      <Gather numDigits={1}>",
      "        <Say>Press 1{/* one */}<emphasis>now</emphasis>{/* end of say */}</Say>",
      "        {/* nothing after the say *\\/ */}",
      "      </Gather>",
      "      <Hangup>",
      "        {/* bye */}",
      "      </Hangup>",
      "    </VoiceResponse>",
      "  );",
      "}",
      "/* generated */",
      "",
    ].join("\n"),
  );
});

describe("component names", () => {
  test("Number and Response are imported under names that do not shadow JavaScript's globals", () => {
    expect(toTSX("<Response><Redirect>/a</Redirect></Response>").split("\n")[1]).toBe(
      'import { Redirect, Response as TwimlResponse, type TwiMLElement } from "twiml-jsx";',
    );
    expect(body("<Response><Dial><Number>+15550100</Number></Dial></Response>")).toContain("<DialNumber>+15550100</DialNumber>");
  });

  test("a name that is not a capitalised identifier is refused", () => {
    expect(thrown(() => toTSX("<Response/>", { name: "menu" }))).toEqual(
      new ToTSXError('"menu" is not a component name (use a capitalised identifier such as Menu)'),
    );
  });

  test("a name taken by an imported component is refused", () => {
    expect(thrown(() => toTSX("<Response><Say>Hi</Say></Response>", { name: "Say" }))).toEqual(
      new ToTSXError("the name Say is taken by the component it imports; choose another (such as SayDocument)"),
    );
  });
});

describe("what toTSX refuses", () => {
  test("XML that is not well-formed", () => {
    expect(thrown(() => toTSX("<Response>"))).toBeInstanceOf(XmlParseError);
  });

  test("a root other than <Response>", () => {
    expect((thrown(() => toTSX("<Say>Hi</Say>")) as TwiMLError).code).toBe("TWIML016");
  });

  test("nesting deeper than TypeScript compiles", () => {
    expect(thrown(() => toTSX(`<Response>${"<x>".repeat(600)}${"</x>".repeat(600)}</Response>`))).toEqual(
      new ToTSXError("the document nests deeper than 500 elements, more than TypeScript compiles"),
    );
  });
});

describe("compiled", () => {
  const modules = new Map([
    ["invalid", toTSX('<Response>\n<Gather timeout="soon"/>\n</Response>')],
    ["commented", toTSX(COMMENTED)],
  ]);
  let compiled: Awaited<ReturnType<typeof compileAndRender>>;
  beforeAll(async () => {
    compiled = await compileAndRender(modules);
  }, 60_000);

  test("TypeScript points at each invalid value of a converted document, and nothing else", () => {
    expect(compiled.diagnostics.map((d) => d.split(":")[0])).toEqual(["invalid.tsx(7,15)"]);
  });

  test("comments change nothing in what the component renders", () => {
    expect(compiled.rendered.get("commented")).toBe(render(parse(COMMENTED)));
  });
});
