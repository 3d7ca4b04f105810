export type { CheckDiagnostic, CheckOptions, Severity } from "./analyze.js";
export { checkProgram, checkSourceFile, type TypeScript } from "./classic.js";
