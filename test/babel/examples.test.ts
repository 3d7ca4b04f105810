import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { render, type TwiMLElement } from "twiml-jsx";
import { afterAll, describe, expect, test } from "vitest";
import { examples, type Example } from "../../examples/index.js";
import { compile, JSX_TRANSFORM, REACT_PRESET, TYPESCRIPT_PRESET, WITH_PLUGIN, type Setup } from "./babel.js";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const EXAMPLES = ["voicemail.tsx", "ivr.tsx", "forwarding.tsx", "queue.tsx", "sms-reply.tsx", "index.ts"].map((f) =>
  here(`../../examples/${f}`),
);
const VALID = ["ivr-aliases.tsx", "sms-namespace.tsx", "ssml-unlisted.tsx"];

// Inside the repository, so that importing the output goes through vitest and `twiml-jsx` resolves to the sources.
mkdirSync(here("./.out"), { recursive: true });
const out = mkdtempSync(here("./.out/"));
afterAll(() => rmSync(here("./.out"), { recursive: true, force: true }));

/** Compiles the files with Babel into a new folder, keeping their names with `.js` (their imports already say `.js`). */
async function compileAll(files: readonly string[], setup: Setup, folder: string): Promise<string> {
  const dir = join(out, folder);
  mkdirSync(dir, { recursive: true });
  for (const file of files) {
    const code = await compile(readFileSync(file, "utf8"), file, setup);
    writeFileSync(join(dir, basename(file).replace(/\.tsx?$/, ".js")), code);
  }
  return dir;
}

const SETUPS: readonly { name: string; setup: Setup }[] = [
  { name: "preset-typescript, the twiml-jsx plugin and plugin-transform-react-jsx", setup: WITH_PLUGIN },
  { name: "preset-typescript and plugin-transform-react-jsx", setup: { plugins: [JSX_TRANSFORM], presets: [TYPESCRIPT_PRESET] } },
  // Presets run last to first: TypeScript is stripped before the JSX is transformed.
  { name: "preset-typescript and preset-react", setup: { plugins: [], presets: [REACT_PRESET, TYPESCRIPT_PRESET] } },
];

describe.each(SETUPS)("the examples compiled by Babel with $name", ({ name, setup }) => {
  test("render exactly what they render compiled by TypeScript", async () => {
    const dir = await compileAll(EXAMPLES, setup, String(SETUPS.findIndex((s) => s.name === name)));
    const compiled = (await import(join(dir, "index.js"))) as { examples: readonly Example[] };
    expect(compiled.examples.map((e) => e.name)).toEqual(examples.map((e) => e.name));
    for (const [i, example] of examples.entries()) {
      const babel = compiled.examples[i]!;
      expect(babel.render()).toBe(example.render());
      expect(babel.render({ indent: 2 })).toBe(example.render({ indent: 2 }));
    }
  });
});

describe("valid sources compile with the plugin and render what TypeScript's output renders", () => {
  test.each(VALID)("%s", async (file) => {
    const dir = await compileAll([here(`./fixtures/valid/${file}`)], WITH_PLUGIN, `valid-${basename(file, ".tsx")}`);
    type Documents = { documents: readonly (() => TwiMLElement)[] };
    const compiled = (await import(join(dir, file.replace(/\.tsx$/, ".js")))) as Documents;
    const original = (await import(here(`./fixtures/valid/${file}`))) as Documents;
    expect(compiled.documents.length).toBe(original.documents.length);
    for (const [i, document] of original.documents.entries()) {
      const xml = render(document());
      expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><Response>.+<\/Response>$/);
      expect(render(compiled.documents[i]!())).toBe(xml);
      // The same component objects: Babel's output imported the sources, not a build of the package.
      expect(compiled.documents[i]!().type).toBe(document().type);
    }
  });
});
