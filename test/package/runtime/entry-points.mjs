// Prints what each JSX runtime entry point exports, as loaded through `import`.
import { Fragment } from "twiml-jsx";
import * as runtime from "twiml-jsx/jsx-runtime";
import * as devRuntime from "twiml-jsx/jsx-dev-runtime";

const exported = (module) => ["jsx", "jsxs", "jsxDEV", "Fragment"].map((name) => `${name}:${typeof module[name]}`).join(" ");
console.log(`jsx-runtime ${exported(runtime)}`);
console.log(`jsx-dev-runtime ${exported(devRuntime)}`);
console.log(`same module: ${devRuntime.jsx === runtime.jsx && devRuntime.Fragment === runtime.Fragment}`);
console.log(`Fragment from the main entry: ${typeof Fragment}`);
