// What the analysis needs from a TypeScript compiler, as one contract that two thin adapters fill: `classic.ts`
// over the JavaScript compiler API of TypeScript 5 and 6, `native.ts` over TypeScript 7's IPC API. The syntax
// trees of both compilers have the same node shapes and property names, so nodes are typed with TypeScript's
// declarations here; what differs (a few predicate names, symbols, types, and how the checker is reached) goes
// through this contract. Only `import type`: loading the checker never loads a compiler.
import type * as TS from "typescript";
import type { Walked } from "./walked.js";

/** The syntax predicates the analysis uses, under TypeScript 5–6's names and signatures. */
export type Syntax = Pick<
  typeof TS,
  | "isArrayLiteralExpression"
  | "isArrowFunction"
  | "isAsExpression"
  | "isBigIntLiteral"
  | "isBinaryExpression"
  | "isBlock"
  | "isCallExpression"
  | "isClassLike"
  | "isConditionalExpression"
  | "isFunctionDeclaration"
  | "isFunctionExpression"
  | "isIdentifier"
  | "isImportDeclaration"
  | "isJsxElement"
  | "isJsxExpression"
  | "isJsxFragment"
  | "isJsxNamespacedName"
  | "isJsxSelfClosingElement"
  | "isJsxText"
  | "isNonNullExpression"
  | "isNumericLiteral"
  | "isObjectBindingPattern"
  | "isParenthesizedExpression"
  | "isPropertyAccessExpression"
  | "isReturnStatement"
  | "isSatisfiesExpression"
  | "isSpreadElement"
  | "isStringLiteralLike"
  | "isTemplateExpression"
  | "isTypeAssertionExpression"
  | "isVariableDeclaration"
> & {
  /** The kinds compared directly; their numbers differ between compilers, their names do not. */
  readonly SyntaxKind: Pick<
    typeof TS.SyntaxKind,
    "AmpersandAmpersandToken" | "BarBarToken" | "CommaToken" | "FalseKeyword" | "NullKeyword" | "QuestionQuestionToken" | "TrueKeyword"
  >;
  /** A function, method, accessor or constructor with a body (TypeScript 6's `isFunctionLike` and a body). */
  isFunctionWithBody(node: TS.Node): node is TS.FunctionLikeDeclaration & { readonly body: TS.ConciseBody };
  /** Whether a variable is declared with `const`. */
  isConst(declaration: TS.VariableDeclaration): boolean;
  /**
   * Visits a node's children; with `only`, just those whose text range (leading trivia included) it accepts,
   * which TypeScript 7 then does not build the others of.
   */
  forEachChild(node: TS.Node, visit: (child: TS.Node) => void, only?: Walked): void;
  /** A JSX element's or fragment's children (its `children`, which TypeScript 7 builds an array-like list for). */
  jsxChildren(node: TS.JsxElement | TS.JsxFragment): readonly TS.JsxChild[];
};

/** A symbol: the same object every time the compiler is asked about the same declaration. */
export interface Symbol {
  readonly name: string;
  readonly declarations?: readonly TS.Node[] | undefined;
  readonly valueDeclaration?: TS.Node | undefined;
  /**
   * Whether all its declarations are in declaration files (.d.ts), where no function has a body, when the
   * compiler can tell without reading them: TypeScript 7 sends another file's syntax tree to read one.
   */
  readonly onlyInDeclarationFiles?: boolean;
}

/** A type, only ever handed back to the checker that made it; the same object for the same type. */
export interface Type {
  readonly flags: number;
}

/**
 * The type checker, reduced to the questions the analysis asks. The forms taking arrays are answered in one
 * round trip by TypeScript 7, whose checker lives in another process.
 */
export interface Checker {
  /** The symbols the nodes name, import aliases not followed. */
  symbolsAt(nodes: readonly TS.Node[]): (Symbol | undefined)[];
  /** The symbols import aliases stand for; any other symbol itself. */
  aliased(symbols: readonly Symbol[]): Symbol[];
  /** The types of the values the symbols name (through import aliases). */
  typesOfSymbols(symbols: readonly Symbol[]): (Type | undefined)[];
  /** The return type of each function type's only call signature, when it has exactly one and it is not generic. */
  onlyReturnTypes(types: readonly Type[]): (Type | undefined)[];
  /** The return type of the signature TypeScript chose for a JSX element. */
  resolvedReturnType(node: TS.JsxOpeningLikeElement): Type | undefined;
  typesAt(nodes: readonly TS.Node[]): (Type | undefined)[];
  typesOfTypeNodes(nodes: readonly TS.TypeNode[]): (Type | undefined)[];
  isAnyOrUnknown(type: Type): boolean;
  /** Whether a type is a union, which the compiler knows without being asked. */
  isUnion(type: Type): boolean;
  /** The members of unions. */
  unionMembers(unions: readonly Type[]): (readonly Type[])[];
  /** The types' symbols (`TwiMLElement`'s for `TwiMLElement<"Say">`): a function's type has the function's. */
  symbolsOfTypes(types: readonly Type[]): (Symbol | undefined)[];
  /** The type arguments of generic type references, arrays' and tuples' included. */
  typeArguments(types: readonly Type[]): (readonly Type[])[];
  /** Whether each type is an array or a tuple. */
  areArraysOrTuples(types: readonly Type[]): boolean[];
  /** The value of a string literal type. */
  stringValue(type: Type): string | undefined;
}

/** Everything the analysis reads: the syntax predicates and the checker of one compiler. */
export interface Host {
  readonly syntax: Syntax;
  readonly checker: Checker;
}

/** A file as the report shows it. */
export interface ReportedFile {
  readonly fileName: string;
  readonly text: string;
}

/** Related information, shown under a diagnostic in the pretty layout. */
export interface Related {
  readonly file?: ReportedFile | undefined;
  readonly start: number;
  readonly length: number;
  readonly message: string;
}

/** A diagnostic as reported, TypeScript's (code `TS2322`) or the checker's (`TWIML001`). */
export interface Reported {
  readonly file?: ReportedFile | undefined;
  readonly start: number;
  readonly length: number;
  readonly severity: "error" | "warning" | "suggestion" | "message";
  readonly code: string;
  /** The message, a chain already flattened as tsc prints it. */
  readonly message: string;
  readonly related?: readonly Related[] | undefined;
}
