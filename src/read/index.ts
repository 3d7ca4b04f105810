export { parse } from "./parse.js";
export { lint, type LintOptions, type LintProblem } from "./lint.js";
export { ToTSXError, toTSX, type ToTSXOptions } from "./tsx.js";
export { XmlParseError } from "../xml/parse.js";
