// Finds out, through the type checker, which TwiML element a JSX expression is, and which elements can stand
// as the children of a JSX element: through fragments, conditionals, arrays, `.map` callbacks, `const`
// bindings, local helper functions and user components, across files.
import type * as TS from "typescript";
import type { Context } from "../vocabulary/types.js";

/**
 * The compiler module, however it was imported: a default import of the CommonJS package and a namespace
 * import differ only by `default`.
 */
export type TypeScript = Omit<typeof TS, "default">;

/** One element (or unknowable value) that may stand among an element's children. */
export interface Item {
  /** The TwiML tag; null when the value cannot be identified (typed only as `JSX.Element`, `any`). */
  readonly tag: string | null;
  /** Document kind of a `<Response>` root, when fixed (`<VoiceResponse>`). */
  readonly context?: Context | undefined;
  /** Where the item is written among the parent's children: what a diagnostic points at. */
  readonly node: TS.Node;
  /** Whether it is always there (false behind `&&`, `?:`, `.map` and the like). */
  readonly certain: boolean;
}

/** What a component does with its `children` prop: the library elements it puts them in. */
export interface Forwarding {
  readonly tag: string;
  readonly context?: Context | undefined;
}

/** What a component renders: its root items, and where its `children` end up. */
interface ComponentInfo {
  /** `certain` here: whether the component always renders it (one `return`, not behind a condition). */
  readonly roots: readonly Omit<Item, "node">[];
  readonly forwards: readonly Forwarding[];
}

/** A JSX element resolved to a library element, a user component, or neither. */
export type ElementKind =
  | { readonly kind: "library"; readonly tag: string; readonly context?: Context | undefined }
  | { readonly kind: "unlisted" }
  | { readonly kind: "fragment" }
  | { readonly kind: "component"; readonly name: string; readonly info: ComponentInfo }
  | { readonly kind: "unknown" };

const MAPPERS = new Set(["map", "flatMap"]);

export class Resolver {
  private readonly checker: TS.TypeChecker;
  private readonly components = new Map<TS.Node, ComponentInfo>();
  private readonly helpers = new Map<TS.Node, readonly Item[]>();
  /** Declarations being followed right now: a component or helper that reaches itself stops there. */
  private readonly active = new Set<TS.Node>();
  /** The `children` of the component being read, so that `{children}` counts as forwarded, not unknown. */
  private forwardedChildren: ReadonlyMap<TS.Symbol, "props" | "children"> = new Map();

  constructor(
    private readonly ts: TypeScript,
    program: TS.Program,
  ) {
    this.checker = program.getTypeChecker();
  }

  /**
   * Runs `visit` as inside the given function: if it is a component, its `children` count as forwarded there
   * (checked where the component is used), not as unknown values.
   */
  inside<T>(fn: TS.FunctionLikeDeclaration, visit: () => T): T {
    const own = this.childrenSymbols(fn);
    if (own.size === 0) return visit();
    const saved = this.forwardedChildren;
    this.forwardedChildren = new Map([...saved, ...own]);
    try {
      return visit();
    } finally {
      this.forwardedChildren = saved;
    }
  }

  /** What a JSX element (or self-closing element) is. */
  elementKind(node: TS.JsxElement | TS.JsxSelfClosingElement): ElementKind {
    const ts = this.ts;
    const opening = ts.isJsxElement(node) ? node.openingElement : node;
    const tagName = opening.tagName;
    if (ts.isJsxNamespacedName(tagName)) return { kind: "library", tag: `${tagName.namespace.text}:${tagName.name.text}` };
    if (ts.isIdentifier(tagName) && /^[a-z]/.test(tagName.text)) return { kind: "library", tag: tagName.text };
    const symbol = this.componentSymbol(tagName);
    if (symbol?.name === "UnlistedElement") return { kind: "unlisted" };
    const signature = this.checker.getResolvedSignature(opening);
    const fromType = signature === undefined ? undefined : this.tagOfType(this.checker.getReturnTypeOfSignature(signature));
    if (symbol?.name === "Fragment" && fromType?.length === 1 && fromType[0]!.tag === null) return { kind: "fragment" };
    const tagged = fromType !== undefined && fromType.every((f) => f.tag !== null) ? fromType : undefined;
    if (tagged?.length === 1) return { kind: "library", tag: tagged[0]!.tag!, context: tagged[0]!.context };
    const declaration = symbol === undefined ? undefined : this.functionOf(symbol);
    if (declaration !== undefined) return { kind: "component", name: tagName.getText(), info: this.component(declaration) };
    // A component declared without a body to read (`declare function`, a .d.ts) whose type names its tags.
    if (tagged !== undefined) {
      const roots = tagged.map((t) => ({ ...t, certain: tagged.length === 1 }));
      return { kind: "component", name: tagName.getText(), info: { roots, forwards: [] } };
    }
    return { kind: "unknown" };
  }

  /** The items a JSX element's children stand for. */
  children(node: TS.JsxElement): Item[] {
    const out: Item[] = [];
    for (const child of node.children) this.jsxChild(child, true, out);
    return out;
  }

  /** Whether an expression is (one of) the `children` a component forwards. */
  private isForwarded(expr: TS.Expression): boolean {
    const ts = this.ts;
    if (this.forwardedChildren.size === 0) return false;
    if (ts.isIdentifier(expr)) {
      const symbol = this.checker.getSymbolAtLocation(expr);
      return symbol !== undefined && this.forwardedChildren.get(symbol) === "children";
    }
    if (ts.isPropertyAccessExpression(expr) && expr.name.text === "children") {
      const symbol = this.checker.getSymbolAtLocation(expr.expression);
      return symbol !== undefined && this.forwardedChildren.get(symbol) === "props";
    }
    return false;
  }

  private jsxChild(child: TS.JsxChild, certain: boolean, out: Item[]): void {
    const ts = this.ts;
    if (ts.isJsxText(child)) return;
    if (ts.isJsxExpression(child)) {
      if (child.expression !== undefined) this.expression(child.expression, certain, child, out);
      return;
    }
    if (ts.isJsxFragment(child)) {
      for (const c of child.children) this.jsxChild(c, certain, out);
      return;
    }
    this.element(child, certain, child, out);
  }

  private element(node: TS.JsxElement | TS.JsxSelfClosingElement, certain: boolean, at: TS.Node, out: Item[]): void {
    const ts = this.ts;
    const kind = this.elementKind(node);
    switch (kind.kind) {
      case "library":
        out.push({ tag: kind.tag, context: kind.context, node: at, certain });
        return;
      case "unlisted":
        return;
      case "fragment":
        if (ts.isJsxElement(node)) for (const c of node.children) this.jsxChild(c, certain, out);
        return;
      case "component":
        for (const root of kind.info.roots) out.push({ ...root, node: at, certain: certain && root.certain });
        return;
      case "unknown":
        out.push({ tag: null, node: at, certain });
    }
  }

  /**
   * The items an expression among the children stands for. `at` is what diagnostics point at: the JSX
   * written inside the parent when there is one, else the expression that leads elsewhere.
   */
  private expression(expr: TS.Expression, certain: boolean, at: TS.Node, out: Item[], remote = false): void {
    const ts = this.ts;
    // Inside a followed binding the JSX stands elsewhere: diagnostics keep pointing at the use.
    const here = (e: TS.Expression): TS.Node => (remote ? at : this.inner(e, at));
    if (
      ts.isParenthesizedExpression(expr) ||
      ts.isAsExpression(expr) ||
      ts.isNonNullExpression(expr) ||
      ts.isSatisfiesExpression(expr) ||
      ts.isTypeAssertionExpression(expr)
    ) {
      this.expression(expr.expression, certain, at, out, remote);
      return;
    }
    if (ts.isJsxElement(expr) || ts.isJsxSelfClosingElement(expr)) {
      this.element(expr, certain, remote ? at : expr, out);
      return;
    }
    if (ts.isJsxFragment(expr)) {
      if (remote) {
        const items: Item[] = [];
        for (const c of expr.children) this.jsxChild(c, certain, items);
        for (const item of items) out.push({ ...item, node: at });
      } else {
        for (const c of expr.children) this.jsxChild(c, certain, out);
      }
      return;
    }
    if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
        this.expression(expr.right, false, here(expr.right), out, remote);
        return;
      }
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        this.expression(expr.left, false, here(expr.left), out, remote);
        this.expression(expr.right, false, here(expr.right), out, remote);
        return;
      }
      if (op === ts.SyntaxKind.CommaToken) {
        this.expression(expr.right, certain, at, out, remote);
        return;
      }
    }
    if (ts.isConditionalExpression(expr)) {
      this.expression(expr.whenTrue, false, here(expr.whenTrue), out, remote);
      this.expression(expr.whenFalse, false, here(expr.whenFalse), out, remote);
      return;
    }
    if (ts.isArrayLiteralExpression(expr)) {
      for (const e of expr.elements) {
        const value = ts.isSpreadElement(e) ? e.expression : e;
        this.expression(value, certain && !ts.isSpreadElement(e), here(value), out, remote);
      }
      return;
    }
    if (
      expr.kind === ts.SyntaxKind.NullKeyword ||
      expr.kind === ts.SyntaxKind.TrueKeyword ||
      expr.kind === ts.SyntaxKind.FalseKeyword ||
      ts.isStringLiteralLike(expr) ||
      ts.isNumericLiteral(expr) ||
      ts.isTemplateExpression(expr) ||
      ts.isBigIntLiteral(expr) ||
      (ts.isIdentifier(expr) && expr.text === "undefined")
    ) {
      return;
    }
    if (this.isForwarded(expr)) return;
    if (ts.isCallExpression(expr)) {
      const callee = expr.expression;
      if (ts.isPropertyAccessExpression(callee) && MAPPERS.has(callee.name.text)) {
        const callback = expr.arguments[0];
        if (callback !== undefined && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
          for (const r of this.returned(callback)) this.expression(r, false, here(r), out, remote);
          return;
        }
        const named = callback !== undefined && ts.isIdentifier(callback) ? this.helperItems(callback, at) : undefined;
        if (named !== undefined) {
          for (const item of named) out.push({ ...item, node: at, certain: false });
          return;
        }
      }
      const helper = this.helperItems(callee, at);
      if (helper !== undefined) {
        for (const item of helper) out.push({ ...item, node: at, certain: certain && item.certain });
        return;
      }
    }
    if (ts.isIdentifier(expr)) {
      const initializer = this.constInitializer(expr);
      if (initializer !== undefined) {
        const declaration = initializer.parent;
        this.active.add(declaration);
        this.expression(initializer, certain, at, out, true);
        this.active.delete(declaration);
        return;
      }
    }
    this.byType(expr, certain, at, out);
  }

  /** Diagnostics point at JSX written in place; anything else keeps pointing at the outer expression. */
  private inner(expr: TS.Expression, at: TS.Node): TS.Node {
    const ts = this.ts;
    let e: TS.Expression = expr;
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    return ts.isJsxElement(e) || ts.isJsxSelfClosingElement(e) ? e : at;
  }

  /** Items from the value's type: `TwiMLElement<"Dial">` is a Dial; `JSX.Element` or `any` is unknowable. */
  private byType(expr: TS.Expression, certain: boolean, at: TS.Node, out: Item[]): void {
    const found = this.tagOfType(this.checker.getTypeAtLocation(expr));
    if (found === undefined) return;
    for (const f of found) out.push({ tag: f.tag, context: f.context, node: at, certain });
  }

  /**
   * The TwiML elements a type stands for: undefined when it holds none (text, nothing), entries with a null
   * tag for values that may be elements of unknown kind.
   */
  private tagOfType(type: TS.Type, depth = 0): { tag: string | null; context?: Context | undefined }[] | undefined {
    const ts = this.ts;
    if (depth > 4) return [{ tag: null }];
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [{ tag: null }];
    if (type.isUnion()) {
      const all = type.types.flatMap((t) => this.tagOfType(t, depth + 1) ?? []);
      return all.length === 0 ? undefined : all;
    }
    const symbol = type.getSymbol();
    if (symbol?.name === "TwiMLElement") {
      const args = this.checker.getTypeArguments(type as TS.TypeReference);
      const tag = args[0];
      const context = args[1];
      const contextValue = context !== undefined && context.isStringLiteral() ? (context.value as Context) : undefined;
      return [{ tag: tag !== undefined && tag.isStringLiteral() ? tag.value : null, context: contextValue }];
    }
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      const elements = this.checker.getTypeArguments(type as TS.TypeReference);
      const all = elements.flatMap((t) => this.tagOfType(t, depth + 1) ?? []);
      return all.length === 0 ? undefined : all;
    }
    return undefined;
  }

  /** The symbol a JSX tag name refers to, through import aliases. */
  private componentSymbol(tagName: TS.JsxTagNameExpression): TS.Symbol | undefined {
    const ts = this.ts;
    const at = ts.isPropertyAccessExpression(tagName) ? tagName.name : tagName;
    let symbol = this.checker.getSymbolAtLocation(at);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return symbol;
  }

  /** The function a component or helper symbol is declared as, when its body can be read. */
  private functionOf(symbol: TS.Symbol): TS.FunctionLikeDeclaration | undefined {
    const ts = this.ts;
    for (const d of symbol.declarations ?? []) {
      if ((ts.isFunctionDeclaration(d) || ts.isFunctionExpression(d) || ts.isArrowFunction(d)) && d.body !== undefined) return d;
      if (ts.isVariableDeclaration(d) && d.initializer !== undefined) {
        let init: TS.Expression = d.initializer;
        while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init)) init = init.expression;
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
      }
    }
    return undefined;
  }

  /** The initializer of a `const` binding an identifier refers to. */
  private constInitializer(id: TS.Identifier): TS.Expression | undefined {
    const ts = this.ts;
    const symbol = this.checker.getSymbolAtLocation(id);
    const d = symbol?.valueDeclaration;
    if (d === undefined || !ts.isVariableDeclaration(d) || d.initializer === undefined || !ts.isIdentifier(d.name)) return undefined;
    if (!(ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const)) return undefined;
    if (this.active.has(d)) return undefined;
    const init = d.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return undefined;
    return init;
  }

  /** The expressions a function returns (an arrow's expression body, or its `return` statements). */
  private returned(fn: TS.FunctionLikeDeclaration): TS.Expression[] {
    const ts = this.ts;
    if (fn.body === undefined) return [];
    if (!ts.isBlock(fn.body)) return [fn.body];
    const out: TS.Expression[] = [];
    const visit = (n: TS.Node): void => {
      if (ts.isReturnStatement(n)) {
        if (n.expression !== undefined) out.push(n.expression);
        return;
      }
      if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(fn.body, visit);
    return out;
  }

  /** Items returned by a local helper function called among the children; undefined when not one. */
  private helperItems(callee: TS.Expression, at: TS.Node): readonly Item[] | undefined {
    const ts = this.ts;
    if (!ts.isIdentifier(callee)) return undefined;
    let symbol = this.checker.getSymbolAtLocation(callee);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const fn = symbol === undefined ? undefined : this.functionOf(symbol);
    if (fn === undefined) return undefined;
    const cached = this.helpers.get(fn);
    if (cached !== undefined) return cached;
    if (this.active.has(fn)) return [];
    this.active.add(fn);
    const items: Item[] = [];
    // Several `return`s are alternatives: none of what they return is certain.
    const returns = this.returned(fn);
    for (const r of returns) this.expression(r, returns.length === 1, at, items);
    this.active.delete(fn);
    this.helpers.set(fn, items);
    return items;
  }

  /** What a user component renders and where its `children` go, read from its declaration once. */
  private component(fn: TS.FunctionLikeDeclaration): ComponentInfo {
    const cached = this.components.get(fn);
    if (cached !== undefined) return cached;
    if (this.active.has(fn)) return { roots: [], forwards: [] };
    this.active.add(fn);
    const saved = this.forwardedChildren;
    this.forwardedChildren = this.childrenSymbols(fn);
    const roots: Omit<Item, "node">[] = [];
    const annotated = fn.type === undefined ? undefined : this.tagOfType(this.checker.getTypeFromTypeNode(fn.type));
    if (annotated !== undefined && annotated.every((a) => a.tag !== null)) {
      roots.push(...annotated.map((a) => ({ ...a, certain: annotated.length === 1 })));
    } else {
      const items: Item[] = [];
      const returns = this.returned(fn);
      for (const r of returns) this.expression(r, returns.length === 1, r, items);
      for (const item of items) roots.push({ tag: item.tag, context: item.context, certain: item.certain });
    }
    const forwards = this.forwardsOf(fn);
    this.forwardedChildren = saved;
    this.active.delete(fn);
    const info = { roots, forwards };
    this.components.set(fn, info);
    return info;
  }

  /** The symbols that stand for a component's `children`: `props` (as `props.children`) or a destructured `children`. */
  private childrenSymbols(fn: TS.FunctionLikeDeclaration): ReadonlyMap<TS.Symbol, "props" | "children"> {
    const ts = this.ts;
    const first = fn.parameters[0];
    const out = new Map<TS.Symbol, "props" | "children">();
    if (first === undefined) return out;
    if (ts.isIdentifier(first.name)) {
      const s = this.checker.getSymbolAtLocation(first.name);
      if (s !== undefined) out.set(s, "props");
    } else if (ts.isObjectBindingPattern(first.name)) {
      for (const e of first.name.elements) {
        const property = e.propertyName !== undefined && ts.isIdentifier(e.propertyName) ? e.propertyName.text : undefined;
        if ((property ?? (ts.isIdentifier(e.name) ? e.name.text : "")) === "children" && ts.isIdentifier(e.name)) {
          const s = this.checker.getSymbolAtLocation(e.name);
          if (s !== undefined) out.set(s, "children");
        }
      }
    }
    return out;
  }

  /** The library elements into which a component puts its `children`, directly or through other components. */
  private forwardsOf(fn: TS.FunctionLikeDeclaration): Forwarding[] {
    const ts = this.ts;
    if (this.forwardedChildren.size === 0 || fn.body === undefined) return [];
    const out: Forwarding[] = [];
    const visit = (n: TS.Node): void => {
      if (ts.isJsxElement(n) && n.children.some((c) => this.forwardsHere(c))) {
        const kind = this.elementKind(n);
        if (kind.kind === "library") out.push({ tag: kind.tag, context: kind.context });
        else if (kind.kind === "component") out.push(...kind.info.forwards);
      }
      ts.forEachChild(n, visit);
    };
    visit(fn.body);
    return out;
  }

  /** Whether a JSX child is the forwarded `children` (possibly behind `&&`, `?:`, a fragment). */
  private forwardsHere(child: TS.JsxChild): boolean {
    const ts = this.ts;
    if (ts.isJsxFragment(child)) return child.children.some((c) => this.forwardsHere(c));
    if (!ts.isJsxExpression(child) || child.expression === undefined) return false;
    const reaches = (e: TS.Expression): boolean => {
      if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return reaches(e.expression);
      if (ts.isBinaryExpression(e)) return reaches(e.left) || reaches(e.right);
      if (ts.isConditionalExpression(e)) return reaches(e.whenTrue) || reaches(e.whenFalse);
      return this.isForwarded(e);
    };
    return reaches(child.expression);
  }
}
