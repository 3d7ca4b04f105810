// Documents read back: every document the differential and property tests make, the `twilio` package's own
// test documents and Twilio's documentation samples. `render(parse(xml))` writes them again, and `toTSX(xml)`
// compiles under strict TypeScript and renders them again.
import fc from "fast-check";
import { SaxesParser } from "saxes";
import { beforeAll, describe, expect, test } from "vitest";
import { TwiMLError, render } from "twiml-jsx";
import { lint, parse, toTSX } from "twiml-jsx/read";
import { cases, toJsx } from "../differential/cases.js";
import { DOCUMENTS } from "../differential/documents.js";
import { anyDocument, toElement } from "../generators.js";
import { compileAndRender, type Compiled } from "./compile.js";
import { TWILIO_DOCS, TWILIO_NODE, type Sample } from "./fixtures/twilio.js";

interface Named {
  readonly name: string;
  readonly xml: string;
}

const differential: Named[] = DOCUMENTS.map((d) => ({ name: `differential: ${d.name}`, xml: render(d.build().jsx) }));
const vocabulary: Named[] = cases.flatMap((c) =>
  c.documents.map((d, i) => ({ name: `vocabulary: ${c.name}, variant ${i}`, xml: render(toJsx(d)) })),
);
/** A fixed sample of the property tests' documents, for the compiler (random runs follow below). */
const sampled: Named[] = fc
  .sample(anyDocument, { numRuns: 60, seed: 15 })
  .map((doc, i) => ({ name: `property sample ${i}`, xml: render(toElement(doc)) }));
const samples: readonly Sample[] = [...TWILIO_NODE, ...TWILIO_DOCS];

/** What a sample renders as once read, or the error the renderer throws for it. */
function reread(xml: string): string | TwiMLError {
  try {
    return render(parse(xml));
  } catch (e) {
    if (e instanceof TwiMLError) return e;
    throw e;
  }
}

interface Infoset {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: (Infoset | string)[];
}

/**
 * A document as an independent XML parser (saxes) reads it, attributes unordered, adjacent text merged, and
 * whitespace-only text dropped where it only lays out child elements.
 */
function infoset(xml: string): Infoset {
  const parser = new SaxesParser();
  const stack: Infoset[] = [];
  let root: Infoset | undefined;
  parser.on("error", (e) => {
    throw e;
  });
  parser.on("opentag", (tag) => {
    const node: Infoset = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [] };
    stack.at(-1)?.children.push(node);
    root ??= node;
    stack.push(node);
  });
  parser.on("text", (text) => {
    const children = stack.at(-1)?.children;
    if (children === undefined) return;
    if (typeof children.at(-1) === "string") children[children.length - 1] += text;
    else children.push(text);
  });
  parser.on("closetag", () => {
    const node = stack.pop()!;
    if (node.children.some((c) => typeof c !== "string")) {
      const kept = node.children.filter((c) => typeof c !== "string" || c.trim() !== "");
      node.children.splice(0, node.children.length, ...kept);
    }
  });
  parser.write(xml).close();
  return root!;
}

describe("render(parse(xml)) writes every generated document again", () => {
  test.each([...differential, ...vocabulary, ...sampled])("$name", ({ xml }) => {
    expect(render(parse(xml))).toBe(xml);
  });

  test("random documents of the property tests", () => {
    fc.assert(
      fc.property(anyDocument, (doc) => {
        const xml = render(toElement(doc));
        expect(render(parse(xml))).toBe(xml);
      }),
      { numRuns: 300 },
    );
  });

  test("random documents of the property tests, indented", () => {
    fc.assert(
      fc.property(anyDocument, (doc) => {
        const xml = render(toElement(doc), { indent: 2 });
        expect(render(parse(xml), { indent: 2 })).toBe(xml);
      }),
      { numRuns: 300 },
    );
  });

  test("lint finds no error in the random documents of the property tests", () => {
    fc.assert(
      fc.property(anyDocument, (doc) => {
        expect(lint(render(toElement(doc))).filter((p) => p.severity === "error")).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

// The builder writes these differently from the renderer, with the same meaning: start and end tags for an
// empty element, `&quot;` and `&apos;` in text; and an attribute the vocabulary does not know is written last.
const SAME_MEANING = new Set(["say", "legacy empty response", "legacy escaping", "legacy task"]);
// Samples laid out with four spaces, as `render(…, { indent: 4 })` lays out documents.
const INDENTED = new Set(["the simplest Gather", "a Gather for speech and keys around a Say", "a Say in French", "dialling a queue"]);

describe("documents of the twilio package's tests and of Twilio's documentation", () => {
  test.each(samples)("$name: lint reports the error the renderer throws, if any", ({ xml }) => {
    const result = reread(xml);
    const errors = lint(xml).filter((p) => p.severity === "error");
    if (result instanceof TwiMLError) expect(errors.map((p) => p.message)).toContain(result.message);
    // Without a thrown error, only what the escape hatch writes as is remains: unknown tags and attributes.
    else expect(errors.filter((p) => p.code !== "TWIML004" && p.code !== "TWIML016")).toEqual([]);
  });

  test.each(samples.filter((s) => !(reread(s.xml) instanceof TwiMLError)))("$name: renders with the same meaning", ({ xml }) => {
    expect(infoset(reread(xml) as string)).toEqual(infoset(xml));
  });

  test.each(TWILIO_NODE.filter((s) => !(reread(s.xml) instanceof TwiMLError) && !SAME_MEANING.has(s.name)))(
    "$name: renders byte for byte as the builder wrote it",
    ({ xml }) => {
      expect(render(parse(xml))).toBe(xml);
    },
  );

  test.each(TWILIO_DOCS.filter((s) => INDENTED.has(s.name)))("$name: renders indented exactly as the documentation shows it", ({ xml }) => {
    expect(render(parse(xml), { indent: 4 })).toBe(xml.trimEnd());
  });
});

describe("toTSX(xml) compiles under strict TypeScript and renders xml again", () => {
  const renderable = samples.filter((s) => !(reread(s.xml) instanceof TwiMLError));
  const documents: Named[] = [
    ...differential,
    ...vocabulary,
    ...sampled,
    ...renderable.map((s) => ({ name: `sample: ${s.name}`, xml: s.xml })),
  ];
  const modules = new Map(documents.map((d, i) => [`m${i}`, toTSX(d.xml, { name: "Document" })]));
  let compiled: Compiled;

  beforeAll(async () => {
    compiled = await compileAndRender(modules);
  }, 120_000);

  test("all modules compile without a diagnostic", () => {
    expect(compiled.diagnostics).toEqual([]);
  });

  test.each(documents.map((d, i) => ({ ...d, module: `m${i}` })))("$name", ({ xml, module }) => {
    expect(compiled.rendered.get(module)).toBe(reread(xml));
  });
});
