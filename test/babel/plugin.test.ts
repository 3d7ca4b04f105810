import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as library from "twiml-jsx";
import { render, TwiMLError, type TwiMLElement } from "twiml-jsx";
import { describe, expect, test } from "vitest";
import { ELEMENTS } from "../../src/vocabulary/elements.js";
import { notAllowed, rootOf } from "../../src/vocabulary/index.js";
import { compile, compileError } from "./babel.js";

const MIX = "(voice and messaging verbs never mix: answer each webhook with one kind of document)";
const DIAL_IN_GATHER = "TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause)";

/** Each invalid fixture, the error its build fails with, and where (line, and column from 0 as Babel counts). */
const INVALID: readonly { file: string; message: string; at: string }[] = [
  { file: "not-allowed.tsx", message: DIAL_IN_GATHER, at: "8:8" },
  { file: "fragment.tsx", message: DIAL_IN_GATHER, at: "9:10" },
  { file: "fragment-component.tsx", message: DIAL_IN_GATHER, at: "9:20" },
  { file: "and.tsx", message: DIAL_IN_GATHER, at: "8:21" },
  { file: "or.tsx", message: DIAL_IN_GATHER, at: "7:17" },
  { file: "nullish.tsx", message: DIAL_IN_GATHER, at: "6:25" },
  { file: "ternary.tsx", message: DIAL_IN_GATHER, at: "10:10" },
  { file: "array.tsx", message: DIAL_IN_GATHER, at: "6:49" },
  { file: "parentheses.tsx", message: DIAL_IN_GATHER, at: "6:17" },
  { file: "alias.tsx", message: DIAL_IN_GATHER, at: "7:8" },
  { file: "namespace.tsx", message: DIAL_IN_GATHER, at: "8:8" },
  {
    file: "not-allowed-root.tsx",
    message: `TWIML001: ${notAllowed("Number", "Response", rootOf("voice").children).message}`,
    at: "6:6",
  },
  { file: "no-children.tsx", message: "TWIML001: <Say> is not allowed inside <Hangup> (allowed: Parameter)", at: "7:8" },
  { file: "mixed-fixed.tsx", message: `TWIML002: <Message> is a messaging verb and cannot be in a voice <Response> ${MIX}`, at: "7:6" },
  {
    file: "mixed-fixed-conditional.tsx",
    message: `TWIML002: <Say> is a voice verb and cannot be in a messaging <Response> ${MIX}`,
    at: "6:17",
  },
  { file: "mixed-inferred.tsx", message: `TWIML002: <Message> is a messaging verb and cannot be in a voice <Response> ${MIX}`, at: "7:14" },
  { file: "ssml.tsx", message: "TWIML003: <break> is SSML and only works inside <Say>, not inside <Gather> (wrap it in <Say>)", at: "8:8" },
  {
    file: "ssml-namespaced.tsx",
    message: "TWIML003: <amazon:effect> is SSML and only works inside <Say>, not inside <Response> (wrap it in <Say>)",
    at: "6:6",
  },
  { file: "not-alone.tsx", message: "TWIML011: <Conference> must be the only element in its <Dial>", at: "8:8" },
  { file: "too-many.tsx", message: "TWIML012: <Connect> holds at most 1 child element, found 2", at: "8:8" },
  { file: "first-error.tsx", message: DIAL_IN_GATHER, at: "7:8" },
];

const fixture = (file: string): string => fileURLToPath(new URL(`./fixtures/invalid/${file}`, import.meta.url));

/** The line and column (from 0) the code frame's `>` marker and `^` underline point at. */
function framePosition(message: string): { line: number; column: number; text: string } {
  const lines = message.split("\n");
  const marker = lines.findIndex((l) => l.startsWith(">"));
  const markerLine = lines[marker]!;
  const underline = lines[marker + 1]!;
  const bar = markerLine.indexOf("|");
  return {
    line: Number(/^>\s+(\d+) \|/.exec(markerLine)![1]),
    column: underline.indexOf("^") - bar - 2,
    text: markerLine.slice(bar + 2),
  };
}

describe("invalid sources fail the build at the offending element", () => {
  test.each(INVALID)("$file", async ({ file, message, at }) => {
    const filename = fixture(file);
    const source = readFileSync(filename, "utf8");
    const error = await compileError(source, filename);
    const [line, column] = at.split(":").map(Number) as [number, number];

    expect(error.message.split("\n")[0]).toBe(`${filename}: ${message} (${at})`);
    expect(error.loc).toEqual({ line, column });
    const frame = framePosition(error.message);
    expect(frame).toEqual({ line, column, text: source.split("\n")[line - 1] });
    expect(frame.text.slice(column)).toMatch(/^<[A-Za-z.:]+/);
  });

  test.each(INVALID)("$file: render throws the same error", async ({ file, message }) => {
    const module = (await import(fixture(file))) as { default: () => TwiMLElement };
    let thrown: unknown;
    try {
      render(module.default());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TwiMLError);
    const twiml = thrown as TwiMLError;
    expect(`${twiml.code}: ${twiml.problem}`).toBe(message);
  });
});

const header =
  'import * as T from "twiml-jsx";\nimport { Conference, Dial, Gather, Hangup, Message, Number, Response, Say, UnlistedElement } from "twiml-jsx";\n';

/** Mistakes Babel cannot see without types or other files, and warnings: `render` and the checker catch them. */
const SILENT: readonly { name: string; body: string }[] = [
  {
    name: "a user component",
    body: "function Transfer() { return <Dial>+15550100</Dial>; }\nexport const x = <Gather><Transfer /></Gather>;",
  },
  { name: "a variable", body: "const transfer = <Dial>+15550100</Dial>;\nexport const x = <Gather>{transfer}</Gather>;" },
  { name: "a .map callback", body: "export const x = <Gather>{[1].map(() => <Dial>+15550100</Dial>)}</Gather>;" },
  { name: "a call", body: "const transfer = () => <Dial>+15550100</Dial>;\nexport const x = <Gather>{transfer()}</Gather>;" },
  {
    name: "an inferred <Response> decided only by a conditional child",
    body: "declare const on: boolean;\nexport const x = <Response>{on && <Say>Hi</Say>}<Message>Hi</Message></Response>;",
  },
  {
    name: "company for <Conference> only behind a condition",
    body: "declare const on: boolean;\nexport const x = <Dial><Conference>room</Conference>{on && <Number>+15550100</Number>}</Dial>;",
  },
  { name: "children of UnlistedElement", body: 'export const x = <UnlistedElement tag="Beep"><Dial>+15550100</Dial></UnlistedElement>;' },
  { name: "an unknown lower-case tag", body: "export const x = <Gather><div /></Gather>;" },
  {
    name: "a local name shadowing an import",
    body: "export function f(Dial: () => null) { return <Gather><Dial /></Gather>; }",
  },
  {
    name: "elements from another package",
    body: 'import { Gather as G, Dial as D } from "other";\nimport * as O from "other";\nexport const x = <G><D /><O.Dial /></G>;',
  },
  { name: "a member of a member", body: "export const x = <T.Gather><T.Say.Dial /></T.Gather>;" },
  { name: "a verb after <Hangup> (a warning)", body: "export const x = <Response><Hangup /><Say>Bye</Say></Response>;" },
];

describe("sources it cannot judge compile without error", () => {
  test.each(SILENT)("$name", async ({ body }) => {
    await expect(compile(header + body, "silent.tsx")).resolves.toMatch(/^export (const x|function f)/m);
  });
});

describe("recognition", () => {
  const components = Object.entries(library)
    .filter(([, value]) => typeof value === "function" && "twimlTag" in value && value.twimlTag !== "#unlisted")
    .map(([name, value]) => ({ name, tag: (value as { twimlTag: string }).twimlTag }));

  test("every library component is recognised as its tag, by name and through a namespace", async () => {
    const tags = ELEMENTS.filter((d) => d.kind !== "root" && d.kind !== "ssml").map((d) => d.tag);
    const roots = ["VoiceResponse", "MessagingResponse", "Response", "FaxResponse"];
    expect(components.map((c) => c.name).sort()).toEqual([...new Set([...tags, ...roots])].sort());
    for (const { name, tag } of components) {
      const problem = `TWIML001: <${tag}> is not allowed inside <Pause> (<Pause> takes no child elements)`;
      const named = `import { Pause, ${name} as X } from "twiml-jsx";\nexport const x = <Pause><X /></Pause>;`;
      expect((await compileError(named, "named.tsx")).message).toContain(problem);
      const namespaced = `import * as T from "twiml-jsx";\nexport const x = <T.Pause><T.${name} /></T.Pause>;`;
      expect((await compileError(namespaced, "namespaced.tsx")).message).toContain(problem);
    }
  });

  test("SSML tags are recognised as lower-case intrinsic elements", async () => {
    for (const tag of ["break", "say-as", "amazon:domain", "amazon:effect"]) {
      const source = `import { Gather } from "twiml-jsx";\nexport const x = <Gather><${tag} /></Gather>;`;
      expect((await compileError(source, "ssml.tsx")).message).toContain(
        `TWIML003: <${tag}> is SSML and only works inside <Say>, not inside <Gather> (wrap it in <Say>)`,
      );
    }
  });

  test("the roots fix the document kind, and SSML nests in SSML", async () => {
    const voice =
      'import { VoiceResponse, Message } from "twiml-jsx";\nexport const x = <VoiceResponse><Message>Hi</Message></VoiceResponse>;';
    expect((await compileError(voice, "voice.tsx")).message).toContain("TWIML002: <Message> is a messaging verb");
    const fax = 'import { FaxResponse, Say } from "twiml-jsx";\nexport const x = <FaxResponse><Say>Hi</Say></FaxResponse>;';
    expect((await compileError(fax, "fax.tsx")).message).toContain("TWIML002: <Say> is a voice verb and cannot be in a fax <Response>");
    const nested =
      'import { Say } from "twiml-jsx";\nexport const x = <Say><prosody rate="90%"><emphasis>Hi</emphasis><break /></prosody></Say>;';
    await expect(compile(nested, "nested.tsx")).resolves.toContain("jsx");
  });
});
