// The editor plugin: tsserver loads `twiml-jsx/plugin` with require() and calls the module itself, so the
// factory is the sole default export, which the CommonJS bundle turns into `module.exports`.
// Enable it in tsconfig.json:
//   "compilerOptions": { "plugins": [{ "name": "twiml-jsx/plugin", "strict": true }] }
// Each TwiML problem shows up as a TypeScript diagnostic with `source: "twiml-jsx"`, a message starting with
// its TWIML code, and the numeric code 90000 + the TWIML number (TWIML001 is 90001): TypeScript reports no
// diagnostic in that range (its 90xxx codes only name code-fix actions) and registers no code fix for it.
import type * as TS from "typescript";
import type { CheckDiagnostic } from "./analyze.js";
import { checkSourceFile } from "./classic.js";

/** The numeric diagnostic code of TWIML000; each TWIML code adds its number. */
const CODE_BASE = 90000;

/** The `plugins` entry of tsconfig.json. */
interface PluginConfig {
  /** Also report children typed only as `JSX.Element` or `any` (TWIML018). */
  readonly strict?: boolean;
}

export default function twimlPlugin(modules: { typescript: typeof TS }): TS.server.PluginModule {
  const ts = modules.typescript;
  return {
    create(info: TS.server.PluginCreateInfo): TS.LanguageService {
      const logger = info.project.projectService.logger;
      const strict = (info.config as PluginConfig).strict === true;
      const service = info.languageService;
      logger.info(`[twiml-jsx] checking TwiML nesting in ${info.project.getProjectName()} (strict: ${strict})`);

      const getSemanticDiagnostics = (fileName: string): TS.Diagnostic[] => {
        const own = service.getSemanticDiagnostics(fileName);
        try {
          const program = service.getProgram();
          const file = program?.getSourceFile(fileName);
          if (program === undefined || file === undefined) return own;
          const ours = checkSourceFile(ts, program, file, { strict }).map((d) => toDiagnostic(ts, d));
          return [...own, ...ours];
        } catch (error) {
          // An exception here would fail the whole request in the editor; TypeScript's own errors still count.
          const why = error instanceof Error ? error.stack : String(error);
          logger.msg(`[twiml-jsx] check of ${fileName} failed: ${why}`, ts.server.Msg.Err);
          return own;
        }
      };
      // A Proxy rather than a copy: every other method keeps its own `this`, including methods that earlier
      // plugins define on a prototype.
      return new Proxy(service, {
        get: (target, key, receiver): unknown =>
          key === "getSemanticDiagnostics" ? getSemanticDiagnostics : Reflect.get(target, key, receiver),
      });
    },
  };
}

function toDiagnostic(ts: typeof TS, d: CheckDiagnostic): TS.Diagnostic {
  return {
    file: d.file,
    start: d.start,
    length: d.length,
    category: d.severity === "error" ? ts.DiagnosticCategory.Error : ts.DiagnosticCategory.Warning,
    code: CODE_BASE + Number(d.code.slice("TWIML".length)),
    source: "twiml-jsx",
    messageText: `${d.code}: ${d.message}`,
  };
}
