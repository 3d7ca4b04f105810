// Precompiled documents render exactly as the same source compiled by the plain JSX transform: the same XML,
// and for hole values that are not valid, the same errors.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { render, type RenderOptions, type TwiMLElement } from "twiml-jsx";
import { jsx } from "twiml-jsx/jsx-runtime";
import twimlJsx from "../../src/babel/index.js";
import { JSX_TRANSFORM, TYPESCRIPT_PRESET, compile, type Setup } from "./babel.js";

const PLAIN: Setup = { plugins: [[twimlJsx, { precompile: false }], JSX_TRANSFORM], presets: [TYPESCRIPT_PRESET] };
const PRECOMPILING: Setup = { plugins: [twimlJsx, JSX_TRANSFORM], presets: [TYPESCRIPT_PRESET] };

const out = join(fileURLToPath(new URL(".", import.meta.url)), ".out", `precompile-${process.pid}-${Date.now()}`);
mkdirSync(out, { recursive: true });
afterAll(() => rmSync(out, { recursive: true, force: true }));

let counter = 0;
type Document = (...holes: unknown[]) => TwiMLElement;

/** The source compiled both ways and loaded; `precompiled` says whether the compiler made a template. */
async function both(source: string): Promise<{ plain: Document; compiled: Document; precompiled: boolean }> {
  const n = counter++;
  const plainCode = await compile(source, `doc${n}.tsx`, PLAIN);
  const compiledCode = await compile(source, `doc${n}.tsx`, PRECOMPILING);
  writeFileSync(join(out, `plain${n}.js`), plainCode);
  writeFileSync(join(out, `compiled${n}.js`), compiledCode);
  const plain = (await import(join(out, `plain${n}.js`))) as { doc: Document };
  const compiled = (await import(join(out, `compiled${n}.js`))) as { doc: Document };
  return { plain: plain.doc, compiled: compiled.doc, precompiled: compiledCode.includes("precompiled(") };
}

/** The rendering, or the error's code and message. */
function outcome(doc: Document, holes: readonly unknown[], options?: RenderOptions): string {
  try {
    return render(doc(...holes), options);
  } catch (e) {
    const error = e as { code?: string; message: string };
    return `${error.code ?? "Error"}: ${error.message}`;
  }
}

const IVR = `import { VoiceResponse, Gather, Say, Pause, Play, Redirect } from "twiml-jsx";
export const doc = (name, company) => (
  <VoiceResponse>
    <Gather input={["dtmf", "speech"]} numDigits={1} action="/ivr/choice?menu=main&amp;attempt=1" hints="sales,support" timeout={5}>
      <Say voice="Polly.Joanna">
        Hello {name}, thank you for calling {company}.<break time="500ms" />
      </Say>
      <Say>For sales, press <say-as interpret-as="digits">1</say-as>.</Say>
      <Pause length={1} />
      <Play>https://example.com/hold.mp3</Play>
    </Gather>
    <Say>Sorry, we did not get that. Goodbye, {name}!</Say>
    <Redirect method="POST">/ivr/main</Redirect>
  </VoiceResponse>
);`;

const HOLE_VALUES: readonly (readonly [string, unknown])[] = [
  ["plain text", "Ada"],
  ["text needing escaping", 'O\'Brien & Sons <VIP> "x"\r\n'],
  ["a forbidden character", "a\u0001b"],
  ["a number", 42],
  ["nothing", null],
  ["false", false],
  ["an SSML element", jsx("break", { time: "1s" })],
  ["an element the parent does not allow", jsx("Dial" as never, {})],
  ["an object", { a: 1 }],
  ["an array of text and SSML", ["x", jsx("emphasis", { children: "y" })]],
];

describe("the IVR document", () => {
  test("is precompiled", async () => {
    expect((await both(IVR)).precompiled).toBe(true);
  });

  test.each(HOLE_VALUES)("renders %s in a hole exactly as uncompiled", async (_, value) => {
    const { plain, compiled } = await both(IVR);
    expect(outcome(compiled, [value, "Acme & Co"])).toBe(outcome(plain, [value, "Acme & Co"]));
  });

  test.each(HOLE_VALUES)("renders %s in a hole exactly as uncompiled in strict mode", async (_, value) => {
    const { plain, compiled } = await both(IVR);
    expect(outcome(compiled, [value, "Acme"], { strict: true })).toBe(outcome(plain, [value, "Acme"], { strict: true }));
  });

  test("an element not allowed in a hole fails with the uncompiled path", async () => {
    const { compiled } = await both(IVR);
    const { Dial } = await import("twiml-jsx");
    expect(outcome(compiled, [jsx(Dial, { children: "+1" }), "Acme"])).toBe(
      "TWIML001: <Dial> is not allowed inside <Say> (allowed: break, emphasis, lang, p, phoneme, prosody, s, say-as, sub, w, amazon:domain, amazon:effect) at Response > Gather[0] > Say[0] > Dial",
    );
  });

  test("a forbidden character written literally behaves as uncompiled under every option", async () => {
    // The character is in the source text itself, so the compiler sees it at build time.
    const source = `import { VoiceResponse, Say } from "twiml-jsx";\nexport const doc = () => <VoiceResponse><Say>a\u0001b</Say></VoiceResponse>;`;
    const { plain, compiled } = await both(source);
    expect(outcome(compiled, [], { strict: true })).toBe(
      "TWIML014: Text in <Say> contains U+0001, which XML 1.0 forbids (remove it, or render without strict to drop it) at Response > Say",
    );
    expect(outcome(compiled, [], { strict: true })).toBe(outcome(plain, [], { strict: true }));
    expect(outcome(compiled, [])).toBe(outcome(plain, []));
  });

  test("a message body with a hole is left to the run time, where its length is known whole", async () => {
    const source = `import { MessagingResponse, Message, Body } from "twiml-jsx";
export const doc = (text) => <MessagingResponse><Message><Body>Note: {text}</Body></Message></MessagingResponse>;`;
    const { plain, compiled } = await both(source);
    expect(outcome(compiled, ["x".repeat(1600)])).toBe(outcome(plain, ["x".repeat(1600)]));
    expect(outcome(compiled, ["x".repeat(1600)])).toBe(
      "TWIML019: <Body> holds a message body of 1,606 characters; Twilio takes at most 1,600 (Twilio 14103): shorten it at Response > Message[0] > Body",
    );
  });

  test("indentation works on precompiled documents", async () => {
    const { plain, compiled } = await both(IVR);
    expect(outcome(compiled, ["Ada", "Acme"], { indent: 2 })).toBe(outcome(plain, ["Ada", "Acme"], { indent: 2 }));
  });
});

describe("documents that are not literal enough are not precompiled whole, and render as uncompiled", () => {
  test.each([
    [
      "a computed attribute",
      `import { VoiceResponse, Say } from "twiml-jsx"; export const doc = (v) => <VoiceResponse><Say voice={v}>Hi</Say></VoiceResponse>;`,
    ],
    [
      "a hole without literal text beside it",
      `import { VoiceResponse, Say } from "twiml-jsx"; export const doc = (v) => <VoiceResponse><Say>{v}</Say></VoiceResponse>;`,
    ],
    [
      "a hole in a Dial (text or nouns)",
      `import { VoiceResponse, Dial } from "twiml-jsx"; export const doc = (v) => <VoiceResponse><Dial>+1 {v}</Dial></VoiceResponse>;`,
    ],
    [
      "a user component",
      `import { VoiceResponse, Say } from "twiml-jsx"; const Hi = () => <Say>Hi</Say>; export const doc = () => <VoiceResponse><Hi /></VoiceResponse>;`,
    ],
    [
      "an invalid attribute value",
      `import { VoiceResponse, Gather } from "twiml-jsx"; export const doc = () => <VoiceResponse><Gather numDigits={1.5} /></VoiceResponse>;`,
    ],
  ])("%s", async (_, source) => {
    const { plain, compiled } = await both(source);
    expect(outcome(compiled, ["x"])).toBe(outcome(plain, ["x"]));
  });
});

const WITH_COMPONENT = `import { VoiceResponse, Gather, Say, Pause } from "twiml-jsx";
const Greeting = () => <Say voice="alice">Welcome.</Say>;
export const doc = (name, url) => (
  <VoiceResponse>
    <Greeting />
    <Gather numDigits={1} action={url}>
      <Say>Hello {name}, press 1.</Say>
      <Pause length={1} />
    </Gather>
  </VoiceResponse>
);`;

describe("literal elements inside a document that is not literal", () => {
  test("are precompiled on their own", async () => {
    const plainCode = await compile(WITH_COMPONENT, "elements.tsx", PLAIN);
    const compiledCode = await compile(WITH_COMPONENT, "elements.tsx", PRECOMPILING);
    expect([plainCode.includes('tag: "Say"'), compiledCode.includes('tag: "Say"'), compiledCode.includes('tag: "Pause"')]).toEqual([
      false,
      true,
      true,
    ]);
  });

  test.each(HOLE_VALUES)("render %s in a hole exactly as uncompiled", async (_, value) => {
    const { plain, compiled } = await both(WITH_COMPONENT);
    expect(outcome(compiled, [value, "/next"])).toBe(outcome(plain, [value, "/next"]));
  });

  test("an element not allowed in a hole fails with the uncompiled path", async () => {
    const { compiled } = await both(WITH_COMPONENT);
    const { Dial } = await import("twiml-jsx");
    expect(outcome(compiled, [jsx(Dial, { children: "+1" }), "/next"])).toBe(
      "TWIML001: <Dial> is not allowed inside <Say> (allowed: break, emphasis, lang, p, phoneme, prosody, s, say-as, sub, w, amazon:domain, amazon:effect) at Response > Gather[1] > Say[0] > Dial",
    );
  });

  test("a precompiled element in the wrong place fails as uncompiled", async () => {
    const source = `import { VoiceResponse, Gather, Dial } from "twiml-jsx";
const Call = () => <Dial>+15550100</Dial>;
export const doc = (url) => <VoiceResponse><Gather action={url}><Call /></Gather></VoiceResponse>;`;
    const { plain, compiled } = await both(source);
    expect(outcome(compiled, ["/x"])).toBe(outcome(plain, ["/x"]));
  });

  test("a precompiled element as the root fails as uncompiled", async () => {
    const source = `import { Say } from "twiml-jsx"; export const doc = () => <Say>Hi</Say>;`;
    const { plain, compiled } = await both(source);
    expect(outcome(compiled, [])).toBe(outcome(plain, []));
  });
});

/** Literal text safe inside a JSX string expression. */
const text = fc.string({ unit: fc.constantFrom("a", "b", " ", "&", "<", ">", '"', "'", "é", "☕", "\t"), minLength: 1, maxLength: 12 });

/** A random Say: literal text with holes between, as source, and the number of holes it has. */
const say = fc.tuple(fc.array(text, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([pieces, ssml]) => {
  const children = pieces.map((p, i) => `{${JSON.stringify(p)}}${i < pieces.length - 1 ? `{h[HOLE]}` : ""}`).join("");
  return `<Say voice="alice">${children}${ssml ? '<break time="1s"/>' : ""}</Say>`;
});

/** The children of a random document, as source, its holes numbered in order: `h[0]`, `h[1]`, … */
const documentSource = fc
  .array(
    fc.oneof(
      say,
      say.map((s) => `<Gather numDigits={1}>${s}<Pause length={2}/></Gather>`),
      fc.constant("<Play>https://x/a.mp3</Play>"),
    ),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map((parts) => {
    let hole = 0;
    return parts.join("").replace(/HOLE/g, () => String(hole++));
  });

/** Values for the holes of a random document (it has fewer than 20). */
const holeValues = fc.array(fc.oneof(fc.string(), fc.integer()), { minLength: 20, maxLength: 20 });

test("random documents with a user component (so elements are precompiled one by one) render as uncompiled", async () => {
  await fc.assert(
    fc.asyncProperty(documentSource, holeValues, async (body, values) => {
      const source = `import { VoiceResponse, Say, Gather, Pause, Play, Hangup } from "twiml-jsx";\nconst End = () => <Hangup />;\nexport const doc = (...h) => <VoiceResponse>${body}<End /></VoiceResponse>;`;
      const { plain, compiled } = await both(source);
      expect(outcome(compiled, values)).toBe(outcome(plain, values));
    }),
    { numRuns: 40 },
  );
});

test("random documents with holes render as uncompiled, for random hole values", async () => {
  await fc.assert(
    fc.asyncProperty(documentSource, holeValues, async (body, values) => {
      const source = `import { VoiceResponse, Say, Gather, Pause, Play } from "twiml-jsx";\nexport const doc = (...h) => <VoiceResponse>${body}</VoiceResponse>;`;
      const { plain, compiled, precompiled } = await both(source);
      expect(precompiled).toBe(true);
      expect(outcome(compiled, values)).toBe(outcome(plain, values));
    }),
    { numRuns: 60 },
  );
});
