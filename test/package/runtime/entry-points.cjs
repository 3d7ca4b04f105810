// Prints what each JSX runtime entry point exports, as loaded through `require`.
const { Fragment } = require("twiml-jsx");
const runtime = require("twiml-jsx/jsx-runtime");
const devRuntime = require("twiml-jsx/jsx-dev-runtime");

const exported = (module) => ["jsx", "jsxs", "jsxDEV", "Fragment"].map((name) => `${name}:${typeof module[name]}`).join(" ");
console.log(`jsx-runtime ${exported(runtime)}`);
console.log(`jsx-dev-runtime ${exported(devRuntime)}`);
console.log(`same module: ${devRuntime.jsx === runtime.jsx && devRuntime.Fragment === runtime.Fragment}`);
console.log(`Fragment from the main entry: ${typeof Fragment}`);
