// Loads the ESM and the CommonJS build into one process, as happens when an app and one of its
// dependencies reach the package in different ways, and mixes elements and renderers across them.
import { createRequire } from "node:module";
import * as esm from "twiml-jsx";
import * as esmRuntime from "twiml-jsx/jsx-runtime";

const require = createRequire(import.meta.url);
const cjs = require("twiml-jsx");
const cjsRuntime = require("twiml-jsx/jsx-runtime");

console.log(`two builds: ${esm.render !== cjs.render}`);

const fromCjs = cjsRuntime.jsx(cjs.VoiceResponse, {
  children: cjsRuntime.jsxs(cjs.Fragment, {
    children: [cjsRuntime.jsx(cjs.Say, { children: "From CommonJS" }), cjsRuntime.jsx(cjs.Hangup, {})],
  }),
});
console.log(`ESM isElement: ${esm.isElement(fromCjs)}`);
console.log(esm.render(fromCjs));

const fromEsm = esmRuntime.jsx(esm.MessagingResponse, { children: esmRuntime.jsx(esm.Message, { children: "From ESM" }) });
console.log(cjs.render(fromEsm));
