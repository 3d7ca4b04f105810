// Importing the package defers work to the first render: the vocabulary is parsed then, not at import.
const parse = JSON.parse;
let parses = 0;
JSON.parse = (...args) => {
  parses++;
  return parse(...args);
};
const { render, VoiceResponse, MessagingResponse, Say, Message } = await import("twiml-jsx");
const { jsx } = await import("twiml-jsx/jsx-runtime");
console.log(`after import: ${parses} parses`);
console.log(render(jsx(VoiceResponse, { children: jsx(Say, { children: "Hi" }) })));
console.log(`after the first render: ${parses} parse`);
console.log(render(jsx(MessagingResponse, { children: jsx(Message, { children: "Hi" }) })));
console.log(`after the second render: ${parses} parse`);
