// Writes src/phone/page.ts, the phone page (src/phone/page/) as strings: the page ships inside the package's
// JavaScript, so it needs no file lookup at run time in either the ESM or the CommonJS build. The script is
// minified by rolldown (the page is downloaded by a browser; the package itself is not minified). `node scripts/phone-page.mjs` after editing the page; a test fails
// when the module is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rolldown } from "rolldown";

const page = (name) => fileURLToPath(new URL(`../src/phone/page/${name}`, import.meta.url));
export const target = fileURLToPath(new URL("../src/phone/page.ts", import.meta.url));

/** The text of src/phone/page.ts for the page as it is now. */
export async function pageModule() {
  const bundle = await rolldown({ input: page("phone.js"), platform: "browser" });
  const { output } = await bundle.generate({ format: "iife", minify: true });
  await bundle.close();
  const html = readFileSync(page("index.html"), "utf8").replace(/>\s+</g, "><").trim();
  const style = readFileSync(page("phone.css"), "utf8").trim();
  const fields = { html, style, script: output[0].code.trim() };
  return (
    "// Generated from src/phone/page/ by scripts/phone-page.mjs: do not edit. A test fails when it is stale.\n" +
    "// biome-ignore-all format: the generator writes the page as JSON strings\n" +
    "// biome-ignore-all lint: the strings are the page's minified script, not this module's code\n" +
    `export const PAGE: { readonly html: string; readonly style: string; readonly script: string } = ${JSON.stringify(fields, null, 2)};\n`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) writeFileSync(target, await pageModule());
