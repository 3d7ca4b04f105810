export { checkFiles, type CheckDiagnostic, type CheckOptions, type Severity } from "./analyze.js";
export { checkProgram, checkSourceFile, classicHost, type TypeScript } from "./classic.js";
export type { Checker, Host, Symbol, Syntax, Type } from "./host.js";
