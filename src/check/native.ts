// The analysis on TypeScript 7, through the API its package ships as `typescript/unstable/sync` and
// `typescript/unstable/ast`: the native compiler runs in a child process, and every checker question is an
// inter-process round trip (about 0.2 ms), so the forms taking arrays are used wherever `Host` offers them, and
// requests that do not depend on each other are written ahead and answered together (`Pipeline`).
// The API is marked unstable: this file is the only one that touches it, and it declares the few parts it uses
// itself rather than importing TypeScript 7's declarations.
import childProcess, { type ChildProcess } from "node:child_process";
import { readFileSync, writeSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import os from "node:os";
import type * as TS from "typescript";
import type { Checker, Host, Related, Reported, ReportedFile, Symbol, Syntax, Type } from "./host.js";
import { onlyWalked, type Walked } from "./walked.js";

interface NativeNode {
  readonly kind: number;
  readonly flags: number;
  readonly pos: number;
  readonly end: number;
  readonly parent: NativeNode;
  forEachChild(visit: (node: NativeNode) => unknown): unknown;
}

interface NativeSourceFile extends NativeNode {
  readonly fileName: string;
  readonly text: string;
  readonly isDeclarationFile: boolean;
}

/** What a node of TypeScript 7's API is made of, beyond its published surface (see `childReader`). */
interface RawNode extends NativeNode {
  readonly index: number;
  readonly view: DataView;
  readonly sourceFile: { readonly _offsetNodes: number };
  hasChildren(): boolean;
  getOrCreateChildAtNodeIndex(index: number): NativeNode;
}

/**
 * How TypeScript 7's API lays out a syntax tree it sends (`dist/api/node/protocol.js`), as far as it is read
 * here: one record of `NODE_LEN` bytes per node in document order, each with its kind, text range, next sibling
 * and (for a list) length.
 */
export interface NodeLayout {
  readonly PROTOCOL_VERSION: number;
  readonly NODE_LEN: number;
  readonly NODE_OFFSET_KIND: number;
  readonly NODE_OFFSET_POS: number;
  readonly NODE_OFFSET_END: number;
  readonly NODE_OFFSET_NEXT: number;
  readonly NODE_OFFSET_DATA: number;
  readonly KIND_NODE_LIST: number;
}

/** The layout's version `childReader` was verified with. */
const LAYOUT_VERSION = 5;

interface NodeHandle {
  /** The path of the node's file. */
  readonly path: string;
  resolve(): NativeNode | undefined;
}

/** The name of a declaration file, as TypeScript tells them: `.d.ts`, `.d.mts`, `.d.cts`, or `.d.<extension>.ts`. */
const DECLARATION_FILE = /\.d\.([cm]?ts|[^./\\]+\.ts)$/;

interface NativeSymbol {
  readonly id: number;
  readonly name: string;
  readonly flags: number;
  readonly declarations: readonly NodeHandle[];
  readonly valueDeclaration: NodeHandle | undefined;
}

interface NativeType extends Type {
  readonly id: number;
  /** The handle of the type's symbol; 0 without one. */
  readonly symbol?: number;
  readonly value?: unknown;
  getSymbol(): NativeSymbol | undefined;
  isUnionType(): boolean;
  getTypes(): readonly NativeType[] | undefined;
  isStringLiteralType(): boolean;
}

interface NativeSignature {
  readonly typeParameters?: readonly number[] | undefined;
}

interface NativeChecker {
  getSymbolAtLocation(nodes: readonly NativeNode[]): (NativeSymbol | undefined)[];
  getAliasedSymbol(symbol: NativeSymbol): NativeSymbol;
  getTypeOfSymbol(symbols: readonly NativeSymbol[]): (NativeType | undefined)[];
  getSignaturesOfType(type: NativeType, kind: number): readonly NativeSignature[];
  getReturnTypeOfSignature(signature: NativeSignature): NativeType | undefined;
  getResolvedSignature(node: NativeNode): NativeSignature | undefined;
  getTypeAtLocation(nodes: readonly NativeNode[]): (NativeType | undefined)[];
  getTypeFromTypeNode(node: NativeNode): NativeType | undefined;
  getTypeArguments(type: NativeType): readonly NativeType[];
  isArrayType(type: NativeType): boolean;
  isTupleType(type: NativeType): boolean;
}

interface NativeDiagnostic {
  readonly fileName?: string | undefined;
  readonly pos: number;
  readonly end: number;
  readonly code: number;
  readonly category: number;
  readonly text: string;
  readonly messageChain?: readonly NativeDiagnostic[] | undefined;
  readonly relatedInformation?: readonly NativeDiagnostic[] | undefined;
}

type Diagnostics = () => readonly NativeDiagnostic[];

interface NativeProgram {
  getSourceFileNames(): readonly string[];
  getSourceFile(fileName: string): NativeSourceFile | undefined;
  getSourceFileMetadata(fileName: string): { readonly isFromExternalLibrary?: boolean } | undefined;
  getConfigFileParsingDiagnostics: Diagnostics;
  getProgramDiagnostics: Diagnostics;
  getSyntacticDiagnostics: Diagnostics;
  getGlobalDiagnostics: Diagnostics;
  getSemanticDiagnostics: Diagnostics;
  getDeclarationDiagnostics: Diagnostics;
}

interface NativeProject {
  readonly configFileName: string;
  readonly compilerOptions: Readonly<Record<string, unknown>>;
  readonly program: NativeProgram;
  readonly checker: NativeChecker;
}

interface NativeAPI {
  updateSnapshot(params: { openProject: string }): { getProject(configFile: string): NativeProject | undefined };
  close(): void;
}

/** `typescript/unstable/sync`, as far as it is used here. */
export interface SyncModule {
  readonly API: new (options: { cwd: string; tsserverPath?: string }) => NativeAPI;
  readonly SignatureKind: { readonly Call: number };
  readonly SymbolFlags: { readonly Alias: number };
  readonly TypeFlags: { readonly Any: number; readonly Unknown: number };
  readonly DiagnosticCategory: { readonly Warning: number; readonly Error: number; readonly Suggestion: number };
}

/** `typescript/unstable/ast`: the syntax predicates, whose names are TypeScript 6's but for a few. */
export type AstModule = Omit<
  Syntax,
  "isClassLike" | "isConst" | "isFunctionWithBody" | "isStringLiteralLike" | "isTypeAssertionExpression" | "forEachChild"
> & {
  readonly SyntaxKind: Syntax["SyntaxKind"] & { readonly JSDoc: number };
  readonly NodeFlags: { readonly Const: number };
  isClassLikeDeclaration(node: TS.Node): node is TS.ClassLikeDeclaration;
  isFunctionLikeDeclaration(node: TS.Node): node is TS.FunctionLikeDeclaration;
  isStringLiteralLikeNode(node: TS.Node): node is TS.StringLiteralLike;
  isTypeAssertion(node: TS.Node): node is TS.TypeAssertion;
};

/** A TypeScript 7 project opened for checking; `close` ends the compiler's process. */
export interface NativeCheck {
  readonly host: Host;
  /**
   * The project's own TSX and JSX files: not declaration files, not from node_modules. `meanwhile` runs once
   * they are asked for, before their answers are read: what it asks for is worked on as they are read.
   */
  ownFiles(meanwhile?: () => void): TS.SourceFile[];
  /** What TypeScript finds wrong in the tsconfig.json (and the files it extends). */
  configDiagnostics(): Reported[];
  /**
   * Asks what else `tsc --noEmit` reports, from the same program; the function returned reads the answer. The
   * compiler works on it meanwhile, while the analysis walks the syntax trees.
   */
  diagnostics(): () => Reported[];
  /** The tsconfig's `pretty`, when it sets one. */
  readonly pretty: boolean | undefined;
  /** The id of the compiler's process, when the API's client shows its process. */
  readonly pid: number | undefined;
  close(): Promise<void>;
}

/**
 * The TypeScript releases whose API client `Pipeline` was verified with. It reaches into the client's internal
 * channel, which any release may change: on other versions every request waits for its answer, slower but
 * relying on the published API alone.
 */
const WRITE_AHEAD_VERSIONS = /^7\.0\.\d+$/;

/**
 * Go's garbage collection in the compiler's process: none until the heap nears half the memory of this machine
 * (or of its container), as suits one check that ends with the process, unless the environment sets GOGC or
 * GOMEMLIMIT itself. With Go's defaults, collecting took about 8% of a check of the benchmark project.
 */
export function compilerGarbageCollection(
  env: NodeJS.ProcessEnv = process.env,
  memory: number = Math.min(os.totalmem(), process.constrainedMemory?.() || Number.POSITIVE_INFINITY),
): Record<string, string> {
  if (env["GOGC"] !== undefined || env["GOMEMLIMIT"] !== undefined) return {};
  return { GOGC: "off", GOMEMLIMIT: `${Math.floor(memory / 2 / 2 ** 20)}MiB` };
}

/** Runs `start` with the variables set in this process' environment, which a child process started then inherits. */
function withEnvironment<T>(variables: Record<string, string>, start: () => T): T {
  const saved = Object.keys(variables).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, variables);
  try {
    return start();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Whether requests are written ahead on this TypeScript version (see `Pipeline`). */
export function writesAhead(version: string): boolean {
  return WRITE_AHEAD_VERSIONS.test(version);
}

/** A request written to the compiler before the API's client was built on its process (see `startCompiler`). */
interface Prewritten {
  readonly method: string;
  readonly payload: string;
}

/**
 * The compiler's process, started before TypeScript 7's API modules are loaded, with the API's first two
 * requests (`initialize`, then `updateSnapshot` opening the project) already written: it opens the project
 * while this process loads the modules (some 40 ms), rather than after. `openNative` builds the API's client on
 * it; `stop` ends it when nothing does.
 */
export interface StartedCompiler {
  readonly executable: string;
  readonly cwd: string;
  readonly child: ChildProcess;
  readonly written: readonly Prewritten[];
  stop(): void;
}

/** The arguments the API's client starts the compiler with (`dist/api/sync/client.js`). */
const apiArguments = (cwd: string): string[] => ["--api", "--cwd", cwd];

/**
 * Starts TypeScript 7's compiler (`executable`, as the package's `lib/getExePath.js` finds it) as the API's
 * client of 7.0.x would, and writes the requests that client makes first, framed as its channel frames them
 * (`dist/api/syncChannel.js`: a MessagePack array of the message type, the method and the JSON payload, each
 * as binary). Nothing is read from the process until the client is built on it: Node's own reading of the
 * pipe is stopped at once, or an answer that came while the event loop ran would be taken from the client.
 * Undefined where that cannot be done: on Windows, whose client reaches its compiler through a named pipe,
 * or where the process or its pipes are not as the client expects them.
 */
export function startCompiler(executable: string, configFile: string, cwd: string): StartedCompiler | undefined {
  if (process.platform === "win32" || typeof syncBuiltinESMExports !== "function") return undefined;
  const child = childProcess.spawn(executable, apiArguments(cwd), {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, ...compilerGarbageCollection() },
  });
  // As `endCompiler` ends it: a compiler still at work would answer SIGTERM on the inherited stderr.
  const stop = (): void => {
    child.stdin?.destroy();
    child.stdout?.destroy();
    child.kill("SIGKILL");
  };
  // A compiler that cannot start is reported by the client, which then starts it itself.
  child.once("error", () => {});
  const input = (child.stdin as unknown as { _handle?: { fd?: unknown } } | null)?._handle;
  const output = (child.stdout as unknown as { _handle?: { readStop?: unknown } } | null)?._handle;
  if (child.pid === undefined || typeof input?.fd !== "number" || typeof output?.readStop !== "function") {
    stop();
    return undefined;
  }
  output.readStop();
  const written: Prewritten[] = [
    { method: "initialize", payload: JSON.stringify(null) },
    { method: "updateSnapshot", payload: JSON.stringify({ openProjects: [configFile] }) },
  ];
  // A few hundred bytes into an empty pipe: written at once, whatever the pipe's mode.
  writeSync(input.fd, Buffer.concat(written.map(({ method, payload }) => requestFrame(method, payload))));
  return { executable, cwd, child, written, stop };
}

/** A request as the API's channel writes it. */
export function requestFrame(method: string, payload: string): Buffer {
  const name = Buffer.from(method, "utf8");
  const body = Buffer.from(payload, "utf8");
  return Buffer.concat([Buffer.from([0x93, REQUEST]), binaryHeader(name.length), name, binaryHeader(body.length), body]);
}

/** MessagePack's header of binary data of `length` bytes. */
function binaryHeader(length: number): Buffer {
  if (length < 0x100) return Buffer.from([0xc4, length]);
  if (length < 0x10000) return Buffer.from([0xc5, length >> 8, length & 0xff]);
  const header = Buffer.alloc(5);
  header[0] = 0xc6;
  header.writeUInt32BE(length, 1);
  return header;
}

/**
 * Builds the API's client on a compiler started ahead (see `startCompiler`): while the client is built, Node's
 * `spawn` hands it that process when asked for the same command. Undefined, with the process ended, when the
 * client did not take it (it started its compiler some other way) or its channel is not one `Pipeline` can
 * read the first answers from; the caller then builds the client as usual.
 */
function adopt(sync: SyncModule, started: StartedCompiler): { api: NativeAPI; client: Client } | undefined {
  const spawn = childProcess.spawn;
  const expected = apiArguments(started.cwd);
  childProcess.spawn = ((command: string, args?: readonly string[], ...rest: unknown[]) =>
    command === started.executable && args?.length === expected.length && args.every((arg, i) => arg === expected[i])
      ? started.child
      : (spawn as (...all: unknown[]) => ChildProcess)(command, args, ...rest)) as typeof childProcess.spawn;
  syncBuiltinESMExports();
  let api: NativeAPI;
  try {
    api = new sync.API({ cwd: started.cwd, tsserverPath: started.executable });
  } catch (error) {
    started.stop();
    throw error;
  } finally {
    childProcess.spawn = spawn;
    syncBuiltinESMExports();
  }
  const client = clientOf(api);
  if (compilerProcess(api) === started.child && client !== undefined && Pipeline.reaches(client)) return { api, client };
  if (compilerProcess(api) === started.child) api.close();
  started.stop();
  return undefined;
}

/**
 * Opens the project of a tsconfig.json in TypeScript 7's compiler, started in `cwd`, or in the compiler
 * `started` ahead with `startCompiler` (with the same `cwd`). `writeAhead` lets independent requests be written
 * before their answers are read (see `writesAhead`); with `layout`, the analysis reads which children a node
 * has from the syntax tree's records (see `childReader`).
 */
export function openNative(
  sync: SyncModule,
  ast: AstModule,
  configFile: string,
  cwd: string,
  writeAhead: boolean,
  layout?: NodeLayout,
  started?: StartedCompiler,
): NativeCheck {
  let adopted: ReturnType<typeof adopt>;
  if (started !== undefined && writeAhead) adopted = adopt(sync, started);
  else started?.stop();
  // Otherwise the client starts the compiler's process right away, with this process' environment.
  const api = adopted?.api ?? withEnvironment(compilerGarbageCollection(), () => new sync.API({ cwd }));
  try {
    const client = clientOf(api);
    const pipeline = new Pipeline(writeAhead ? client : undefined, adopted === undefined ? [] : started!.written);
    const project = api.updateSnapshot({ openProject: configFile }).getProject(configFile);
    if (project === undefined) throw new Error(`TypeScript 7 opened no project for ${configFile}`);
    return nativeCheck(sync, ast, api, project, pipeline, layout);
  } catch (error) {
    api.close();
    throw error;
  }
}

function nativeCheck(
  sync: SyncModule,
  ast: AstModule,
  api: NativeAPI,
  project: NativeProject,
  pipeline: Pipeline,
  layout: NodeLayout | undefined,
): NativeCheck {
  const { program } = project;
  const native = (node: TS.Node): NativeNode => node as unknown as NativeNode;
  const verified = layout?.PROTOCOL_VERSION === LAYOUT_VERSION ? layout : undefined;
  const records = verified && childRecords(verified, ast.SyntaxKind.JSDoc);
  const children = verified && records && childReader(verified, records);
  const listed = records && listReader(records);
  const syntax: Syntax = {
    ...ast,
    isClassLike: ast.isClassLikeDeclaration,
    isStringLiteralLike: ast.isStringLiteralLikeNode as Syntax["isStringLiteralLike"],
    isTypeAssertionExpression: ast.isTypeAssertion,
    isFunctionWithBody: (node): node is TS.FunctionLikeDeclaration & { readonly body: TS.ConciseBody } =>
      ast.isFunctionLikeDeclaration(node) && node.body !== undefined,
    isConst: (declaration) => (native(declaration).parent.flags & ast.NodeFlags.Const) !== 0,
    forEachChild: (node, visit, only) => {
      const n = native(node);
      if (children !== undefined && isRaw(n)) {
        children(n, visit, only);
        return;
      }
      n.forEachChild(onlyWalked((child) => visit(child as unknown as TS.Node), only));
    },
    jsxChildren: (node) => {
      const n = native(node);
      return listed !== undefined && isRaw(n) ? (listed(n) as unknown as TS.JsxChild[]) : node.children;
    },
  };
  const checker = project.checker;
  const symbols = new Map<number, Symbol>();
  const raw = new Map<Symbol, NativeSymbol>();
  const symbolOf = (s: NativeSymbol | undefined): Symbol | undefined => {
    if (s === undefined) return undefined;
    let found = symbols.get(s.id);
    if (found === undefined) {
      const resolve = (handle: NodeHandle): TS.Node | undefined => handle.resolve() as unknown as TS.Node | undefined;
      let declarations: readonly TS.Node[] | undefined;
      let valueDeclaration: { readonly node: TS.Node | undefined } | undefined;
      found = {
        name: s.name,
        onlyInDeclarationFiles: s.declarations.length > 0 && s.declarations.every((handle) => DECLARATION_FILE.test(handle.path)),
        // Resolving a declaration may fetch another file's syntax tree: only when the analysis reads it, once.
        get declarations(): readonly TS.Node[] {
          return (declarations ??= s.declarations.map(resolve).filter((d) => d !== undefined));
        },
        get valueDeclaration(): TS.Node | undefined {
          valueDeclaration ??= { node: s.valueDeclaration === undefined ? undefined : resolve(s.valueDeclaration) };
          return valueDeclaration.node;
        },
      };
      symbols.set(s.id, found);
      raw.set(found, s);
    }
    return found;
  };
  const rawOf = (symbol: Symbol): NativeSymbol => raw.get(symbol)!;
  const typeOf = (type: Type): NativeType => type as NativeType;
  const reader: Checker = {
    symbolsAt: (nodes) => (nodes.length === 0 ? [] : checker.getSymbolAtLocation(nodes.map(native)).map(symbolOf)),
    aliased: (list) =>
      pipeline.all(
        list.map((symbol) => () => {
          const s = rawOf(symbol);
          return s.flags & sync.SymbolFlags.Alias ? symbolOf(checker.getAliasedSymbol(s))! : symbol;
        }),
      ),
    typesOfSymbols: (list) => (list.length === 0 ? [] : checker.getTypeOfSymbol(list.map(rawOf))),
    onlyReturnTypes: (types) => {
      const signatures = pipeline.all(types.map((type) => () => checker.getSignaturesOfType(typeOf(type), sync.SignatureKind.Call)));
      const only = signatures.map((list) => (list.length === 1 && (list[0]!.typeParameters?.length ?? 0) === 0 ? list[0] : undefined));
      return pipeline.all(
        only.map((signature) => () => (signature === undefined ? undefined : checker.getReturnTypeOfSignature(signature))),
      );
    },
    resolvedReturnType: (node) => {
      const signature = checker.getResolvedSignature(native(node));
      return signature === undefined ? undefined : checker.getReturnTypeOfSignature(signature);
    },
    typesAt: (nodes) => (nodes.length === 0 ? [] : checker.getTypeAtLocation(nodes.map(native))),
    typesOfTypeNodes: (nodes) => pipeline.all(nodes.map((node) => () => checker.getTypeFromTypeNode(native(node)))),
    isAnyOrUnknown: (type) => (type.flags & (sync.TypeFlags.Any | sync.TypeFlags.Unknown)) !== 0,
    isUnion: (type) => typeOf(type).isUnionType(),
    unionMembers: (unions) => pipeline.all(unions.map((type) => () => typeOf(type).getTypes() ?? [])),
    symbolsOfTypes: (types) => {
      // Types with the same symbol (every `TwiMLElement<…>`) ask for it once: the API keeps a symbol only once
      // its answer is read. A type the handle of whose symbol is not known asks for itself.
      const asking = new Map<number | NativeType, NativeType>();
      const keyOf = (type: NativeType): number | NativeType => (typeof type.symbol === "number" && type.symbol > 0 ? type.symbol : type);
      for (const type of types) if (!asking.has(keyOf(typeOf(type)))) asking.set(keyOf(typeOf(type)), typeOf(type));
      const asked = [...asking.values()];
      const answers = pipeline.all(asked.map((type) => () => symbolOf(type.getSymbol())));
      const answered = new Map(asked.map((type, i) => [keyOf(type), answers[i]]));
      return types.map((type) => answered.get(keyOf(typeOf(type))));
    },
    typeArguments: (types) => pipeline.all(types.map((type) => () => checker.getTypeArguments(typeOf(type)))),
    areArraysOrTuples: (types) => {
      const answers = pipeline.all(
        types.flatMap((type) => [() => checker.isArrayType(typeOf(type)), () => checker.isTupleType(typeOf(type))]),
      );
      return types.map((_, i) => answers[2 * i]! || answers[2 * i + 1]!);
    },
    stringValue: (type) => (typeOf(type).isStringLiteralType() ? String(typeOf(type).value) : undefined),
  };

  const files = new Map<string, ReportedFile | undefined>();
  const fileOf = (fileName: string | undefined): ReportedFile | undefined => {
    if (fileName === undefined) return undefined;
    // tsconfig.json is not in the program: read from disk, as tsc reads it to report where it is wrong.
    if (!files.has(fileName)) files.set(fileName, program.getSourceFile(fileName) ?? { fileName, text: readFileSync(fileName, "utf8") });
    return files.get(fileName);
  };
  const severity = (category: number): Reported["severity"] =>
    category === sync.DiagnosticCategory.Error
      ? "error"
      : category === sync.DiagnosticCategory.Warning
        ? "warning"
        : category === sync.DiagnosticCategory.Suggestion
          ? "suggestion"
          : "message";
  const related = (d: NativeDiagnostic): Related => ({
    file: fileOf(d.fileName),
    start: d.pos,
    length: d.end - d.pos,
    message: flatten(d),
  });
  const reported = (d: NativeDiagnostic): Reported => ({
    ...related(d),
    severity: severity(d.category),
    code: `TS${d.code}`,
    related: d.relatedInformation?.map(related),
  });

  const options = project.compilerOptions;
  return {
    host: { syntax, checker: reader },
    ownFiles: (meanwhile) => {
      const names = program.getSourceFileNames().filter((name) => name.endsWith(".tsx") || name.endsWith(".jsx"));
      const files = names.map((name) => pipeline.later(() => program.getSourceFile(name)));
      const metadata = names.map((name) => pipeline.later(() => program.getSourceFileMetadata(name)));
      meanwhile?.();
      const own: TS.SourceFile[] = [];
      for (const [i, file] of files.map((answer) => answer()).entries()) {
        if (file === undefined || file.isDeclarationFile || metadata[i]!()?.isFromExternalLibrary === true) continue;
        own.push(file as unknown as TS.SourceFile);
      }
      return own;
    },
    configDiagnostics: () => program.getConfigFileParsingDiagnostics().map(reported),
    diagnostics: () => {
      // What tsc reports before emitting, in its order; a diagnostic two lists share is reported once.
      const lists = [
        pipeline.later(() => program.getProgramDiagnostics()),
        pipeline.later(() => program.getSyntacticDiagnostics()),
        pipeline.later(() => program.getGlobalDiagnostics()),
        pipeline.later(() => program.getSemanticDiagnostics()),
        options["declaration"] === true || options["composite"] === true
          ? pipeline.later(() => program.getDeclarationDiagnostics())
          : () => [],
      ];
      return () => {
        const seen = new Set<string>();
        const out: Reported[] = [];
        for (const d of lists.flatMap((list) => list())) {
          const key = `${d.fileName ?? ""}:${d.pos}:${d.end}:${d.code}:${d.text}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(reported(d));
        }
        return out;
      };
    },
    pretty: typeof options["pretty"] === "boolean" ? options["pretty"] : undefined,
    pid: compilerProcess(api)?.pid,
    close: () => {
      endCompiler(api);
      return Promise.resolve();
    },
  };
}

/**
 * Ends the compiler's process, whose answers are all read by then. The client's `close` would first ask it to
 * release the snapshot, then send SIGTERM, which a compiler still at work answers with "context canceled" on the
 * inherited stderr, into the report's stream. The process holds nothing that needs an orderly end, so it is
 * killed outright (SIGKILL, which it cannot see) and the client's channel closed: the system tears the process
 * down (some 8 ms on the benchmark machine, however it ends) while this one prints its report and exits, rather
 * than before.
 */
function endCompiler(api: NativeAPI): void {
  const client = clientOf(api);
  const child = compilerProcess(api);
  if (child === undefined || typeof client?.close !== "function") {
    api.close();
    return;
  }
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  client.close();
}

/** Whether a node has what `childReader` reads. */
function isRaw(node: NativeNode): node is RawNode {
  const raw = node as Partial<RawNode>;
  return (
    typeof raw.index === "number" &&
    raw.view instanceof DataView &&
    typeof raw.sourceFile?._offsetNodes === "number" &&
    typeof raw.hasChildren === "function" &&
    typeof raw.getOrCreateChildAtNodeIndex === "function"
  );
}

/**
 * Goes through the records of a node's children in the syntax tree, in the order its `forEachChild` visits the
 * children: a list's elements in the list's place (`listed`), JSDoc comments left out. `each` is given a record's
 * node index and where the record starts. The first child follows its parent; each record names its next
 * sibling, 0 after the last.
 */
type ChildRecords = (node: RawNode, each: (index: number, at: number, listed: boolean) => void) => void;

function childRecords(layout: NodeLayout, jsDoc: number): ChildRecords {
  const { NODE_LEN, NODE_OFFSET_KIND, NODE_OFFSET_NEXT, NODE_OFFSET_DATA, KIND_NODE_LIST } = layout;
  return (node, each) => {
    if (!node.hasChildren()) return;
    const view = node.view;
    const records = node.sourceFile._offsetNodes;
    for (let index = node.index + 1; index !== 0; ) {
      const at = records + index * NODE_LEN;
      const kind = view.getUint32(at + NODE_OFFSET_KIND, true);
      if (kind === KIND_NODE_LIST) {
        if (view.getUint32(at + NODE_OFFSET_DATA, true) !== 0) {
          for (let element = index + 1; element !== 0; ) {
            const elementAt = records + element * NODE_LEN;
            each(element, elementAt, true);
            element = view.getUint32(elementAt + NODE_OFFSET_NEXT, true);
          }
        }
      } else if (kind !== jsDoc) {
        each(index, at, false);
      }
      index = view.getUint32(at + NODE_OFFSET_NEXT, true);
    }
  };
}

/**
 * A node's children as its `forEachChild` visits them, read from the syntax tree's records. The API builds an
 * object for a node the first time it is reached, and `forEachChild` builds every child, including an array
 * for each list of children (`RemoteNodeList`, whose construction alone took some 25 ms of a check); here the
 * records are read first, and only the children `only` accepts are built, with no list built at all. A list's
 * elements are built as the node's children, as the list would build them.
 */
function childReader(layout: NodeLayout, records: ChildRecords): (node: RawNode, visit: (child: TS.Node) => void, only?: Walked) => void {
  const { NODE_OFFSET_POS, NODE_OFFSET_END } = layout;
  return (node, visit, only) => {
    const view = node.view;
    records(node, (index, at) => {
      if (only === undefined || only(view.getInt32(at + NODE_OFFSET_POS, true), view.getInt32(at + NODE_OFFSET_END, true))) {
        visit(node.getOrCreateChildAtNodeIndex(index) as unknown as TS.Node);
      }
    });
  };
}

/**
 * The elements of the lists among a node's children (a JSX element or fragment has one: its `children`), read
 * from the syntax tree's records. The published property builds the list as an array-like object first, whose
 * construction cost more than the rest of reading the JSX (some 40 ms of a check); the elements are built as
 * the list would build them, as the node's children.
 */
function listReader(records: ChildRecords): (node: RawNode) => NativeNode[] {
  return (node) => {
    const elements: NativeNode[] = [];
    records(node, (index, _at, listed) => {
      if (listed) elements.push(node.getOrCreateChildAtNodeIndex(index));
    });
    return elements;
  };
}

/** The API's client, which the API does not publish. */
function clientOf(api: NativeAPI): Client | undefined {
  return (api as unknown as { client?: Client }).client;
}

/** The compiler's process, reached through the API's client. */
function compilerProcess(api: NativeAPI): ChildProcess | undefined {
  return clientOf(api)?.channel?.child;
}

/** A message and its chain, as tsc prints it: each level on its own line, indented two more spaces. */
function flatten(d: NativeDiagnostic, indent = 0): string {
  const head = indent === 0 ? d.text : `\n${"  ".repeat(indent)}${d.text}`;
  return head + (d.messageChain ?? []).map((next) => flatten(next, indent + 1)).join("");
}

/** The API's client, and the channel under it, as far as `Pipeline` reaches into them. */
interface Client {
  close?(): void;
  apiRequest(method: string, params: unknown): unknown;
  apiRequestBinary(method: string, params: unknown): Uint8Array | undefined;
  readonly channel?: Channel;
}

interface Channel {
  writeTuple(type: number, name: Uint8Array, payload: string): void;
  writeAllBuf?(bytes: Uint8Array, length?: number): void;
  getMethodBuf(method: string): Uint8Array;
  requestSync(method: string, payload: string): string;
  requestBinarySync(method: string, payload: Uint8Array): Uint8Array;
  readonly child?: ChildProcess;
}

/** The channel's message type of a request. */
const REQUEST = 1;

/**
 * At most this many bytes of requests are written before their answers are read: well within the buffer of a
 * pipe (64 KiB on Linux and macOS; Windows' named pipe may hold less).
 */
const AHEAD = process.platform === "win32" ? 4096 : 32768;

/** A request written ahead of time, and its answer once read. */
interface Written {
  readonly method: string;
  readonly binary: boolean;
  /** The request's size in bytes. */
  readonly size: number;
  /** A request written before the client was built: its payload, to match the client's request with. */
  readonly payload?: string;
  answer?: { readonly value: unknown } | { readonly error: unknown };
}

/** Thrown inside a call run only to write its request. */
const WRITTEN = Symbol("written");

/**
 * Writes requests ahead and reads their answers later. The compiler answers the requests of its channel one at a
 * time and in order, and every request made through the client waits for its answer, which costs a round trip
 * each and leaves the process idle while the JavaScript side works: a request written ahead is answered while
 * this side goes on, and many written together cost one round trip. A call of the API is run twice, once to
 * write its request and once, when its value is wanted, with the answer read: the API builds both the request
 * and its value itself. Any other request first reads the answers still pending. Without the channel it reaches
 * into, calls simply run when their value is wanted.
 */
class Pipeline {
  private readonly pending: Written[] = [];
  /** How many bytes of requests are written and not yet answered. */
  private ahead = 0;
  /** Requests written ahead, sent together before the next answer is read: one write wakes the compiler once. */
  private unsent: Uint8Array[] = [];
  /** Set while a call runs to write its request; the request written is put here. */
  private writing: { written?: Written } | undefined;
  /** Set while a call runs again with its answer. */
  private replaying: Written | undefined;
  private readonly channel: Channel | undefined;

  /** Whether the pipeline can reach into this client's channel. */
  static reaches(client: Client): boolean {
    const channel = client.channel;
    return (
      channel !== undefined &&
      typeof channel.writeTuple === "function" &&
      typeof channel.getMethodBuf === "function" &&
      typeof channel.requestSync === "function" &&
      typeof channel.requestBinarySync === "function"
    );
  }

  /**
   * `prewritten`: requests already written to the channel's process (see `startCompiler`). The first requests
   * the client makes read their answers when they are the same requests; otherwise those answers are read and
   * left, and the requests made.
   */
  constructor(client: Client | undefined, prewritten: readonly Prewritten[] = []) {
    this.channel = client !== undefined && Pipeline.reaches(client) ? client.channel : undefined;
    if (client === undefined || this.channel === undefined) return;
    for (const { method, payload } of prewritten) {
      const size = Buffer.byteLength(payload);
      this.pending.push({ method, binary: false, size, payload });
      this.ahead += size;
    }
    const json = client.apiRequest.bind(client);
    const binary = client.apiRequestBinary.bind(client);
    client.apiRequest = (method, params) => this.request(method, params, false, () => json(method, params));
    client.apiRequestBinary = (method, params) =>
      this.request(method, params, true, () => binary(method, params)) as Uint8Array | undefined;
  }

  /** Writes the request `call` makes now; the function returned runs `call` with its answer. */
  later<T>(call: () => T): () => T {
    if (this.channel === undefined) return call;
    const writing: { written?: Written } = {};
    this.writing = writing;
    let value: T;
    try {
      value = call();
    } catch (error) {
      if (error !== WRITTEN) throw error;
      const written = writing.written!;
      return () => {
        this.replaying = written;
        try {
          return call();
        } finally {
          this.replaying = undefined;
        }
      };
    } finally {
      this.writing = undefined;
    }
    // Answered without a request (the API had it already).
    return () => value;
  }

  /** Runs the calls with one round trip for all their requests. */
  all<T>(calls: readonly (() => T)[]): T[] {
    return calls.map((call) => this.later(call)).map((answer) => answer());
  }

  private request(method: string, params: unknown, binary: boolean, direct: () => unknown): unknown {
    if (this.writing !== undefined) {
      const payload = JSON.stringify(params);
      const written: Written = { method, binary, size: Buffer.byteLength(payload) };
      // What is written ahead must fit in the pipe to the compiler, which answers (and may wait to have an
      // answer read) before it reads the next request.
      if (this.ahead + written.size > AHEAD) this.readAll();
      this.write(method, payload);
      this.ahead += written.size;
      this.pending.push(written);
      this.writing.written = written;
      throw WRITTEN;
    }
    const replaying = this.replaying;
    if (replaying !== undefined && replaying.method === method) {
      this.replaying = undefined;
      return this.answerOf(replaying);
    }
    const next = this.pending[0];
    if (next?.payload !== undefined && next.method === method && !binary && next.payload === JSON.stringify(params)) {
      return this.answerOf(next);
    }
    this.readAll();
    return direct();
  }

  private answerOf(written: Written): unknown {
    this.read(written);
    const answer = written.answer!;
    if ("error" in answer) throw answer.error;
    return answer.value;
  }

  private write(method: string, payload: string): void {
    const channel = this.channel!;
    const send = channel.writeAllBuf;
    if (send === undefined) {
      channel.writeTuple(REQUEST, channel.getMethodBuf(method), payload);
      return;
    }
    channel.writeAllBuf = (bytes, length = bytes.length) => {
      // The channel reuses its buffer for the next request: a copy is kept.
      this.unsent.push(Uint8Array.prototype.slice.call(bytes, 0, length));
    };
    try {
      channel.writeTuple(REQUEST, channel.getMethodBuf(method), payload);
    } finally {
      channel.writeAllBuf = send;
    }
  }

  private send(): void {
    if (this.unsent.length === 0) return;
    const bytes = Buffer.concat(this.unsent);
    this.unsent = [];
    this.channel!.writeAllBuf!(bytes);
  }

  /** Reads the answers pending up to `written`'s. */
  private read(written: Written): void {
    while (written.answer === undefined) this.readNext();
  }

  /** Reads every answer still pending (an answer that is an error is kept for the call that wants it). */
  private readAll(): void {
    while (this.pending.length > 0) this.readNext();
  }

  /**
   * Reads the next pending answer through the channel's own reading of an answer: its request method, with
   * writing the request (already written) left out.
   */
  private readNext(): void {
    const channel = this.channel!;
    this.send();
    const written = this.pending.shift()!;
    this.ahead -= written.size;
    const write = channel.writeTuple;
    channel.writeTuple = () => {};
    try {
      if (written.binary) {
        const bytes = channel.requestBinarySync(written.method, new Uint8Array());
        written.answer = { value: bytes.length === 0 ? undefined : bytes };
      } else {
        const text = channel.requestSync(written.method, "");
        written.answer = { value: text.length === 0 ? undefined : JSON.parse(text) };
      }
    } catch (error) {
      written.answer = { error };
    } finally {
      channel.writeTuple = write;
    }
  }
}
