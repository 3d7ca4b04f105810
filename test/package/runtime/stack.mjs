// What a stack trace from the published code looks like: for a nesting error thrown by `render`, prints per
// build (ESM, CommonJS) the names of the frames inside the package, outermost last.
import { createRequire } from "node:module";
import * as esm from "twiml-jsx";
import { jsx as esmJsx } from "twiml-jsx/jsx-runtime";

const require = createRequire(import.meta.url);
const cjs = require("twiml-jsx");
const { jsx: cjsJsx } = require("twiml-jsx/jsx-runtime");

for (const [build, { render, VoiceResponse, Gather, Dial }, jsx] of [
  ["ESM", esm, esmJsx],
  ["CommonJS", cjs, cjsJsx],
]) {
  try {
    render(jsx(VoiceResponse, { children: jsx(Gather, { children: jsx(Dial, { children: "+15550100" }) }) }));
  } catch (error) {
    const frames = error.stack
      .split("\n")
      .filter((line) => line.includes("/node_modules/twiml-jsx/dist/"))
      .map((line) => /^\s+at (?:new )?(\S+) \(/.exec(line)?.[1] ?? "(anonymous)");
    console.log(`${build}: ${frames.join(" < ")}`);
  }
}
