// No TypeScript and no JSX transform: what a CommonJS user without a build step writes.
const { Play, render, Say, VoiceResponse } = require("twiml-jsx");
const { jsx, jsxs } = require("twiml-jsx/jsx-runtime");

const call = jsxs(VoiceResponse, {
  children: [jsx(Say, { loop: 2, children: "Tom & <Jerry>" }), jsx(Play, { children: "https://example.com/a.mp3" })],
});
console.log(render(call));
