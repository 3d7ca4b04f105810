// The analysis on the JavaScript compiler API of TypeScript 5 and 6: the `Host` adapter, TypeScript's own
// diagnostics as reported, and the entry points that take a `ts.Program` (the editor plugin's, and the API's).
import type * as TS from "typescript";
import { checkFiles, type CheckDiagnostic, type CheckOptions } from "./analyze.js";
import type { Checker, Host, Related, Reported, Syntax, Type } from "./host.js";
import { onlyWalked } from "./walked.js";

/**
 * The compiler module, however it was imported: a default import of the CommonJS package and a namespace
 * import differ only by `default`.
 */
export type TypeScript = Omit<typeof TS, "default">;

/** The `Host` of one program. */
export function classicHost(ts: TypeScript, program: TS.Program): Host {
  const checker = program.getTypeChecker();
  const syntax: Syntax = {
    ...ts,
    isFunctionWithBody: (node): node is TS.FunctionLikeDeclaration & { readonly body: TS.ConciseBody } =>
      ts.isFunctionLike(node) && (node as TS.FunctionLikeDeclaration).body !== undefined,
    isConst: (declaration) => (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0,
    forEachChild: (node, visit, only) => {
      ts.forEachChild(node, onlyWalked(visit, only));
    },
    jsxChildren: (node) => node.children,
  };
  const typeOf = (type: Type): TS.Type => type as TS.Type;
  const reader: Checker = {
    symbolsAt: (nodes) => nodes.map((node) => checker.getSymbolAtLocation(node)),
    aliased: (symbols) =>
      symbols.map((symbol) => {
        const s = symbol as TS.Symbol;
        return s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      }),
    typesOfSymbols: (symbols) => symbols.map((symbol) => checker.getTypeOfSymbol(symbol as TS.Symbol)),
    onlyReturnTypes: (types) =>
      types.map((type) => {
        const signatures = checker.getSignaturesOfType(typeOf(type), ts.SignatureKind.Call);
        const only = signatures.length === 1 ? signatures[0]! : undefined;
        return only === undefined || only.typeParameters !== undefined ? undefined : checker.getReturnTypeOfSignature(only);
      }),
    resolvedReturnType: (node) => {
      const signature = checker.getResolvedSignature(node);
      return signature === undefined ? undefined : checker.getReturnTypeOfSignature(signature);
    },
    typesAt: (nodes) => nodes.map((node) => checker.getTypeAtLocation(node)),
    typesOfTypeNodes: (nodes) => nodes.map((node) => checker.getTypeFromTypeNode(node)),
    isAnyOrUnknown: (type) => (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0,
    isUnion: (type) => typeOf(type).isUnion(),
    unionMembers: (unions) => unions.map((type) => (type as TS.UnionType).types),
    symbolsOfTypes: (types) => types.map((type) => typeOf(type).getSymbol()),
    typeArguments: (types) => types.map((type) => checker.getTypeArguments(type as TS.TypeReference)),
    areArraysOrTuples: (types) => types.map((type) => checker.isArrayType(typeOf(type)) || checker.isTupleType(typeOf(type))),
    stringValue: (type) => (typeOf(type).isStringLiteral() ? (type as TS.StringLiteralType).value : undefined),
  };
  return { syntax, checker: reader };
}

/** The program's own files: not declaration files, not from node_modules. */
export function ownFiles(program: TS.Program): TS.SourceFile[] {
  return program.getSourceFiles().filter((file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file));
}

/** Checks every TSX file of the program that is not a declaration file or inside node_modules. */
export function checkProgram(ts: TypeScript, program: TS.Program, options: CheckOptions = {}): CheckDiagnostic[] {
  return checkFiles(classicHost(ts, program), ownFiles(program), options);
}

/** Checks one file of the program. */
export function checkSourceFile(ts: TypeScript, program: TS.Program, file: TS.SourceFile, options: CheckOptions = {}): CheckDiagnostic[] {
  return checkFiles(classicHost(ts, program), [file], options);
}

const SEVERITY = ["warning", "error", "suggestion", "message"] as const;

/** A TypeScript diagnostic as reported (TypeScript's category numbers: warning 0, error 1, suggestion 2, message 3). */
export function reportedOf(ts: TypeScript, diagnostic: TS.Diagnostic): Reported {
  const related: Related[] | undefined = diagnostic.relatedInformation?.map((r) => ({
    file: r.file,
    start: r.start ?? 0,
    length: r.length ?? 0,
    message: ts.flattenDiagnosticMessageText(r.messageText, "\n"),
  }));
  return {
    file: diagnostic.file,
    start: diagnostic.start ?? 0,
    length: diagnostic.length ?? 0,
    severity: SEVERITY[diagnostic.category],
    code: `TS${diagnostic.code}`,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
    related,
  };
}
