// The precompiled path: the IVR document with only the caller's name dynamic, compiled by Babel with
// `twiml-jsx/babel` (precompiled) and without it (the automatic runtime), against a hand-written template
// literal function producing the same string. Prints medians and ratios; exits 0 either way.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transformAsync } from "@babel/core";
import { render } from "twiml-jsx";
import { median } from "../stats.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const out = join(root, ".build", "bench-precompiled");
mkdirSync(out, { recursive: true });
const source = readFileSync(join(root, "bench/precompiled/document.tsx"), "utf8");
const jsxTransform = ["@babel/plugin-transform-react-jsx", { runtime: "automatic", importSource: "twiml-jsx", throwIfNamespace: false }];
const presets = [["@babel/preset-typescript", { isTSX: true, allExtensions: true }]];
for (const [name, precompile] of [
  ["precompiled", true],
  ["runtime", false],
]) {
  const { code } = await transformAsync(source, {
    filename: "document.tsx",
    babelrc: false,
    configFile: false,
    presets,
    plugins: [["twiml-jsx/babel", { precompile }], jsxTransform],
  });
  writeFileSync(join(out, `${name}.mjs`), code);
}
const precompiled = (await import(pathToFileURL(join(out, "precompiled.mjs")).href)).ivr;
const runtime = (await import(pathToFileURL(join(out, "runtime.mjs")).href)).ivr;

const TEXT = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;" };
const text = (s) => s.replace(/[&<>\r]/g, (c) => TEXT[c]);
const template = (name) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf speech" numDigits="1" action="/ivr/choice?menu=main&amp;attempt=1" hints="sales,support,billing" timeout="5"><Say voice="Polly.Joanna">Hello ${text(name)}, thank you for calling Barnes &amp; Noble Plumbing.<break time="500ms"/></Say><Say voice="Polly.Joanna"><prosody rate="90%">Please listen carefully, as our menu options have changed.</prosody></Say><Say voice="Polly.Joanna">For sales, press <say-as interpret-as="digits">1</say-as>.</Say><Say voice="Polly.Joanna">For billing &amp; payments, press <say-as interpret-as="digits">2</say-as>.</Say><Say voice="Polly.Joanna">For orders over &lt;$500&gt;, press <say-as interpret-as="digits">3</say-as>.</Say><Say voice="Polly.Joanna">For an operator, press <say-as interpret-as="digits">0</say-as>.</Say><Pause length="1"/><Play>https://example.com/hold.mp3</Play></Gather><Say voice="Polly.Joanna">Sorry, we did not get that.<break strength="weak"/>Goodbye, ${text(name)}!</Say><Redirect method="POST">/ivr/main</Redirect></Response>`;

// Flat strings, as parsed from a request; some need escaping.
const names = JSON.parse(
  JSON.stringify([
    "O'Brien & Sons <VIP>",
    "Zoë Ångström",
    'Dana "DJ" Jones',
    "Li Wei",
    "García & García",
    "Mary-Jane",
    "<Unknown>",
    "Søren",
  ]),
);
const contenders = {
  precompiled: (i) => render(precompiled(names[i & 7])),
  runtime: (i) => render(runtime(names[i & 7])),
  template: (i) => template(names[i & 7]),
};
for (const [name, run] of Object.entries(contenders)) {
  for (let i = 0; i < 8; i++) {
    if (run(i) !== contenders.template(i)) throw new Error(`${name} differs from the template for input ${i}`);
  }
}

const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
let sink = 0;
for (let batch = 0; batch < 41; batch++) {
  for (const [name, run] of Object.entries(contenders)) {
    const calls = 2000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) sink += run(i).charCodeAt(100);
    samples[name].push(Number(process.hrtime.bigint() - t0) / calls);
  }
}
const ns = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const ratio = ns.precompiled / ns.template;
process.stdout.write(
  [
    "",
    "precompiled path (IVR with only the caller's name dynamic, compiled by Babel; median of 41 interleaved batches):",
    `  twiml-jsx/babel precompiled   ${(ns.precompiled / 1000).toFixed(2)} µs`,
    `  automatic runtime (no precompile) ${(ns.runtime / 1000).toFixed(2)} µs`,
    `  template literal              ${(ns.template / 1000).toFixed(2)} µs`,
    `  precompiled / template: ${ratio.toFixed(2)}× — target ≤ 1.2× ${ratio <= 1.2 ? "PASS" : "MISS"}`,
    sink === -1 ? "" : "",
  ].join("\n"),
);
