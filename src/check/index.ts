export { checkProgram, checkSourceFile, type CheckDiagnostic, type CheckOptions, type Severity } from "./analyze.js";
export type { TypeScript } from "./resolve.js";
