// Finds out, through the type checker, which TwiML element a JSX expression is, and which elements can stand
// as the children of a JSX element: through fragments, conditionals, arrays, `.map` callbacks, `const`
// bindings, local helper functions and user components, across files.
import type * as TS from "typescript";
import type { Context } from "../vocabulary/types.js";
import type { Checker, Host, Symbol, Syntax, Type } from "./host.js";
import { unwrap } from "./unwrap.js";
import type { Walked } from "./walked.js";

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
  /** The user component written among the children that renders it, if any: named in diagnostics. */
  readonly via?: string | undefined;
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

/** The elements a type stands for; a null tag for a value that may be an element of unknown kind. */
type Tags = { readonly tag: string | null; readonly context?: Context | undefined }[];

const MAPPERS = new Set(["map", "flatMap"]);

/**
 * What the analysis acts on in a file, in the order it walks the file (see `Resolver.prepare`): the functions
 * whose first parameter may hold `children` as it enters and leaves them, the calls named `render`, and the JSX
 * elements.
 */
export type Step =
  | { readonly kind: "enter" | "leave"; readonly node: TS.FunctionLikeDeclaration }
  | { readonly kind: "render"; readonly node: TS.CallExpression }
  | { readonly kind: "element"; readonly node: TS.JsxElement };

/** What `Resolver.leave` restores: the forwarded `children` outside the function left. */
export type Outside = ReadonlyMap<TS.Node, "props" | "children">;

/** A name in a function's first parameter that can stand for `children`: `props`, or a destructured `children`. */
interface ChildrenName {
  /** What declares it: the parameter, or the binding element. */
  readonly declaration: TS.ParameterDeclaration | TS.BindingElement;
  readonly as: "props" | "children";
}

export class Resolver {
  private readonly syntax: Syntax;
  private readonly checker: Checker;
  private readonly components = new Map<TS.Node, ComponentInfo>();
  private readonly helpers = new Map<TS.Node, readonly Item[]>();
  /** Declarations being followed right now: a component or helper that reaches itself stops there. */
  private readonly active = new Set<TS.Node>();
  /**
   * The `children` of the component being read, so that `{children}` counts as forwarded, not unknown: the
   * declarations of the names that stand for them.
   */
  private forwardedChildren: Outside = new Map();
  /** Answers of the checker, asked in batches where the nodes can be known ahead (see `prepare`). */
  private readonly symbols = new Map<TS.Node, Symbol | undefined>();
  private readonly symbolTypes = new Map<Symbol, Type | undefined>();
  private readonly types = new Map<TS.Node, Type | undefined>();
  private readonly aliases = new Map<Symbol, Symbol>();
  private readonly typeSymbols = new Map<Type, Symbol | undefined>();
  private readonly returnTypes = new Map<Type, Type | undefined>();
  private readonly typeArguments = new Map<Type, readonly Type[]>();
  private readonly arrays = new Map<Type, boolean>();
  private readonly unions = new Map<Type, readonly Type[]>();
  private readonly annotations = new Map<TS.TypeNode, Type | undefined>();
  private readonly returnTags = new Map<Type, Tags | undefined>();
  private readonly typeTags = new Map<Type, Tags | undefined>();
  /** What the syntax says, remembered where the analysis reads it more than once. */
  private readonly tagNames = new Map<TS.JsxTagNameExpression, TS.Node | undefined>();
  private readonly childrenNamesOf = new Map<TS.FunctionLikeDeclaration, readonly ChildrenName[]>();
  private readonly functions = new Map<Symbol, TS.FunctionLikeDeclaration | undefined>();
  private readonly returns = new Map<TS.FunctionLikeDeclaration, readonly TS.Expression[]>();
  /** What each JSX element is, once known outside the reading of a component. */
  private readonly kinds = new Map<TS.Node, ElementKind>();
  /** The library element a component type makes, where its type alone says (see `readKind`). */
  private readonly libraryKinds = new Map<Type, ElementKind>();

  constructor(host: Host) {
    this.syntax = host.syntax;
    this.checker = host.checker;
  }

  /**
   * Asks the checker in advance, in a few round trips for all the files, what the analysis will ask about each
   * JSX element, each value among JSX children, and what the helpers and `const` bindings those values name
   * lead to. Asked one at a time, TypeScript 7 pays an inter-process round trip per question, which made up most
   * of the check's time. Returns the steps of each file, which the analysis then takes without walking it again.
   */
  prepare(files: readonly { readonly file: TS.SourceFile; readonly walked: Walked }[]): Step[][] {
    const s = this.syntax;
    const checker = this.checker;
    /** The tag names of elements: their symbols, the symbols' types, and what those components return. */
    const elements: TS.Node[] = [];
    /** Functions called or mapped over among values, and `render`'s callees: their symbols and types. */
    const callees: TS.Identifier[] = [];
    /** The other names whose symbols the analysis reads. */
    const named: TS.Node[] = [];
    /** The callees of calls named `render`: their symbols, and what those stand for through import aliases. */
    const renders: TS.Node[] = [];
    const values: TS.Expression[] = [];
    const value = (written: TS.Expression): void => {
      const e = unwrap(s, written);
      if (s.isBinaryExpression(e)) {
        value(e.left);
        value(e.right);
      } else if (s.isConditionalExpression(e)) {
        value(e.whenTrue);
        value(e.whenFalse);
      } else if (s.isArrayLiteralExpression(e)) {
        for (const element of e.elements) value(s.isSpreadElement(element) ? element.expression : element);
      } else if (s.isJsxElement(e) || s.isJsxSelfClosingElement(e)) {
        const at = this.tagNameNode(s.isJsxElement(e) ? e.openingElement.tagName : e.tagName);
        if (at !== undefined) elements.push(at);
      } else if (s.isIdentifier(e)) {
        named.push(e);
        values.push(e);
      } else if (s.isPropertyAccessExpression(e)) {
        // Whose `children` (see `isForwarded`); any other property is known by its type.
        if (e.name.text === "children") named.push(e.expression);
        values.push(e);
      } else if (s.isCallExpression(e)) {
        const callee = unwrap(s, e.expression);
        if (s.isIdentifier(callee)) callees.push(callee);
        else named.push(callee);
        values.push(e);
        // `.map(callback)`: what the callback returns stands among the children (see `expression`).
        const callback = s.isPropertyAccessExpression(callee) && MAPPERS.has(callee.name.text) ? e.arguments[0] : undefined;
        const fn = callback === undefined ? undefined : unwrap(s, callback);
        if (fn !== undefined && (s.isArrowFunction(fn) || s.isFunctionExpression(fn))) for (const r of this.returned(fn)) value(r);
        else if (fn !== undefined && s.isIdentifier(fn)) callees.push(fn);
      }
    };
    /** An element the analysis classifies: the node its tag's symbol is asked at. */
    const element = (tagName: TS.JsxTagNameExpression): void => {
      const at = this.tagNameNode(tagName);
      if (at === undefined) return;
      elements.push(at);
      if (at === tagName) plainTags.push(at as TS.Identifier);
    };
    /**
     * Visits a node the analysis walks into (see walked.ts). `inJsx`: inside a JSX element or fragment, where
     * the analysis classifies every element it meets. Elements elsewhere (a list of documents, say) are
     * classified only when the analysis reaches them (see `value`), which it mostly does not.
     */
    const visit = (walked: Walked, node: TS.Node, inJsx: boolean, steps: Step[]): void => {
      if (s.isFunctionWithBody(node)) {
        // Only a function whose parameter may hold `children` changes what counts as forwarded inside it.
        const forwards = this.childrenNames(node).length > 0;
        if (forwards) steps.push({ kind: "enter", node });
        s.forEachChild(node, (child) => visit(walked, child, inJsx, steps), walked);
        if (forwards) steps.push({ kind: "leave", node });
        return;
      }
      if (s.isJsxElement(node)) steps.push({ kind: "element", node });
      if (s.isJsxElement(node) || s.isJsxFragment(node)) {
        if (s.isJsxElement(node)) element(node.openingElement.tagName);
        for (const child of s.jsxChildren(node)) if (s.isJsxExpression(child) && child.expression !== undefined) value(child.expression);
      } else if (s.isJsxSelfClosingElement(node)) {
        if (inJsx) element(node.tagName);
      } else if (s.isCallExpression(node) && isRenderName(s, node.expression)) {
        steps.push({ kind: "render", node });
        renders.push(unwrap(s, node.expression));
        if (node.arguments[0] !== undefined) value(node.arguments[0]);
      }
      const jsx = inJsx || s.isJsxElement(node) || s.isJsxFragment(node);
      s.forEachChild(node, (child) => visit(walked, child, jsx, steps), walked);
    };
    /** Tags the checker is not asked about: each names the same binding as the tag it maps to (see `oneBinding`). */
    const same = new Map<TS.Node, TS.Node>();
    /** The tags of the file being walked that are written as a plain name. */
    let plainTags: TS.Identifier[] = [];
    const steps = files.map(({ file, walked }) => {
      const fileSteps: Step[] = [];
      plainTags = [];
      if (walked(file.pos, file.end)) visit(walked, file, false, fileSteps);
      this.sameBindings(file, plainTags, same);
      return fileSteps;
    });

    // Round after round, as long as the answers lead to more: helpers whose returns name other helpers, `const`
    // bindings of other bindings. What was asked before is not asked again.
    const read = new Set<TS.Node>();
    const symbolOf = (node: TS.Node): Symbol | undefined => this.symbols.get(node);
    const typeOf = (node: TS.Node): Type | undefined => {
      const symbol = symbolOf(node);
      return symbol === undefined ? undefined : this.symbolTypes.get(symbol);
    };
    // Each round takes what the round before added to the lists.
    const taken = { elements: 0, callees: 0, named: 0, renders: 0, values: 0 };
    const take = <T>(list: T[], key: keyof typeof taken): T[] => {
      const added = list.slice(taken[key]);
      taken[key] = list.length;
      return added;
    };
    for (;;) {
      const [newElements, newCallees, newNamed, newRenders, newValues] = [
        take(elements, "elements"),
        take(callees, "callees"),
        take(named, "named"),
        take(renders, "renders"),
        take(values, "values"),
      ];
      if (newElements.length + newCallees.length + newNamed.length + newRenders.length + newValues.length === 0) break;
      const asked = newElements.filter((at) => !same.has(at));
      fill(this.symbols, [...asked, ...newCallees, ...newNamed, ...newRenders], (nodes) => checker.symbolsAt(nodes));
      for (const at of newElements) {
        const first = same.get(at);
        if (first !== undefined) this.symbols.set(at, this.symbols.get(first));
      }
      fill(this.symbolTypes, defined([...newElements, ...newCallees].map(symbolOf)), (symbols) => checker.typesOfSymbols(symbols));
      // The symbols of the components' types, then what the components return where their type decides what
      // they make (see `readKind`): the same questions for every component, whose answers `elementKind` reads.
      const components = defined(newElements.map(typeOf));
      fill(this.typeSymbols, [...components, ...defined(newCallees.map(typeOf))], (types) => checker.symbolsOfTypes(types));
      const byType = components.filter((type) => {
        const own = this.typeSymbols.get(type);
        return own === undefined || own.name === "Fragment" || this.functionOf(own) === undefined;
      });
      fill(this.returnTypes, byType, (types) => checker.onlyReturnTypes(types));
      const returned = defined(byType.map((type) => this.returnTypes.get(type)));
      fill(this.typeSymbols, returned, (types) => checker.symbolsOfTypes(types));
      const made = returned.filter((type) => this.typeSymbols.get(type)?.name === "TwiMLElement");
      fill(this.typeArguments, made, (types) => checker.typeArguments(types));
      const declared = defined(
        components.map((type) => this.typeSymbols.get(type)).map((symbol) => symbol && this.functionOf(symbol)?.type),
      );
      fill(this.annotations, declared, (nodes) => checker.typesOfTypeNodes(nodes));
      // The symbols that `target` and `declarationsOf` follow through import aliases.
      const aliased = [
        ...defined(newCallees.map(symbolOf)).filter((symbol) => this.ownTarget(symbol) === undefined),
        ...defined(newRenders.map(symbolOf)),
      ];
      fill(this.aliases, aliased, (symbols) => checker.aliased(symbols));
      // What helpers and components return: elements there are classified when the analysis reads them.
      const functions = [
        ...newCallees.map((callee) => symbolOf(callee)).map((symbol) => symbol && this.functionOf(this.target(symbol))),
        ...newElements
          .map((at) => symbolOf(at))
          .map((symbol) => symbol && this.ownTarget(symbol))
          .map((own) => own && this.functionOf(own)),
      ];
      for (const fn of functions) {
        if (fn === undefined || read.has(fn)) continue;
        read.add(fn);
        for (const r of this.returned(fn)) value(r);
      }
      // What `const` bindings among the values hold.
      for (const v of newValues) {
        if (read.has(v) || !s.isIdentifier(v)) continue;
        read.add(v);
        const initializer = this.constInitializer(v);
        if (initializer !== undefined) value(initializer);
      }
    }
    // Types only for the values that `expression` cannot follow by their declaration: most are `const`
    // bindings, forwarded `children` and helper calls, and a type costs the checker more than a symbol.
    fill(
      this.types,
      values.filter((n) => !this.types.has(n) && !this.followed(n)),
      (nodes) => checker.typesAt(nodes),
    );
    // What `tagsOf` asks first about those types: a union's members, then each type's symbol and whether it is an
    // array or a tuple, unless it is `any`.
    const valueTypes = defined(values.map((n) => this.types.get(n))).filter((t) => !checker.isAnyOrUnknown(t));
    fill(
      this.unions,
      valueTypes.filter((t) => checker.isUnion(t)),
      (types) => checker.unionMembers(types),
    );
    const plain = [
      ...valueTypes.filter((t) => !checker.isUnion(t)),
      ...valueTypes.flatMap((t) => this.unions.get(t) ?? []).filter((t) => !checker.isAnyOrUnknown(t) && !checker.isUnion(t)),
    ];
    fill(this.typeSymbols, plain, (types) => checker.symbolsOfTypes(types));
    fill(
      this.arrays,
      plain.filter((t) => this.typeSymbols.get(t)?.name !== "TwiMLElement"),
      (types) => checker.areArraysOrTuples(types),
    );
    return steps;
  }

  /**
   * Maps each of a file's tags written as a plain name (`<Say>`) that names the same binding as an earlier tag of
   * that name to the earlier one (see `oneBinding`): the checker is asked about the first only (on the benchmark
   * project, the request for symbols is a tenth smaller).
   */
  private sameBindings(file: TS.SourceFile, tags: readonly TS.Identifier[], same: Map<TS.Node, TS.Node>): void {
    const text = file.text;
    // An escape may spell any name (`\u0053ay` is `Say`): no name is known to stand alone.
    if (text.includes("\\u")) return;
    const firstOf = new Map<string, TS.Identifier>();
    const bound = new Map<string, boolean>();
    let imports: readonly TS.Node[] | undefined;
    for (const tag of tags) {
      const name = tag.text;
      const first = firstOf.get(name);
      if (first === undefined) {
        firstOf.set(name, tag);
        continue;
      }
      if (!bound.has(name)) {
        imports ??= file.statements.filter((statement) => this.syntax.isImportDeclaration(statement));
        bound.set(name, oneBinding(text, name, imports));
      }
      if (bound.get(name) === true) same.set(tag, first);
    }
  }

  /** Whether `expression` reads a value among children from its declaration rather than from its type. */
  private followed(value: TS.Expression): boolean {
    const s = this.syntax;
    if (s.isIdentifier(value)) return this.constInitializer(value) !== undefined;
    if (s.isPropertyAccessExpression(value)) return value.name.text === "children";
    if (s.isCallExpression(value)) {
      const callee = unwrap(s, value.expression);
      const symbol = s.isIdentifier(callee) ? this.symbolAt(callee) : undefined;
      return symbol !== undefined && this.functionOf(this.target(symbol)) !== undefined;
    }
    return false;
  }

  /**
   * Goes into a function: if it is a component, its `children` count as forwarded inside it (checked where the
   * component is used), not as unknown values. Returns what `leave` restores when the analysis leaves it.
   */
  enter(fn: TS.FunctionLikeDeclaration): Outside {
    const outside = this.forwardedChildren;
    const own = this.forwardedIn(fn);
    if (own.length > 0) this.forwardedChildren = new Map([...outside, ...own]);
    return outside;
  }

  leave(outside: Outside): void {
    this.forwardedChildren = outside;
  }

  /** What a JSX element (or self-closing element) is. */
  elementKind(node: TS.JsxElement | TS.JsxSelfClosingElement): ElementKind {
    const known = this.kinds.get(node);
    if (known !== undefined) return known;
    const kind = this.readKind(node);
    // While a component is read, one that reaches itself is seen without what it renders: not kept.
    if (this.active.size === 0) this.kinds.set(node, kind);
    return kind;
  }

  private readKind(node: TS.JsxElement | TS.JsxSelfClosingElement): ElementKind {
    const s = this.syntax;
    const opening = s.isJsxElement(node) ? node.openingElement : node;
    const tagName = opening.tagName;
    if (s.isJsxNamespacedName(tagName)) return { kind: "library", tag: `${tagName.namespace.text}:${tagName.name.text}` };
    const at = this.tagNameNode(tagName);
    if (at === undefined && s.isIdentifier(tagName)) return { kind: "library", tag: tagName.text };
    const local = at === undefined ? undefined : this.symbolAt(at);
    const type = local === undefined ? undefined : this.symbolTypes.get(local);
    const known = type === undefined ? undefined : this.libraryKinds.get(type);
    if (known !== undefined) return known;
    // What the element's type says it makes, read only where it decides: a component whose body the analysis
    // reads is known by its body.
    let read: { readonly tags: Tags | undefined } | undefined;
    const fromType = (): Tags | undefined => (read ??= { tags: this.elementTags(opening, local) }).tags;
    const taggedByType = (): Tags | undefined => {
      const tags = fromType();
      return tags?.every((f) => f.tag !== null) ? tags : undefined;
    };
    if (this.isLibraryComponent(type)) {
      const library = taggedByType();
      if (library?.length === 1) {
        const kind: ElementKind = { kind: "library", tag: library[0]!.tag!, context: library[0]!.context };
        // Decided by what the component's type returns: the same for every element of that type.
        if (type !== undefined && this.returnTags.has(type)) this.libraryKinds.set(type, kind);
        return kind;
      }
    }
    // Only now the declaration is looked for: library elements, the most of them, are known by their type alone.
    const symbol = local === undefined ? undefined : this.target(local);
    if (symbol?.name === "UnlistedElement") return { kind: "unlisted" };
    if (symbol?.name === "Fragment") {
      const tags = fromType();
      if (tags?.length === 1 && tags[0]!.tag === null) return { kind: "fragment" };
    }
    const declaration = symbol === undefined ? undefined : this.functionOf(symbol);
    if (declaration !== undefined) return { kind: "component", name: tagName.getText(), info: this.component(declaration) };
    // A component declared without a body to read (`declare function`, a .d.ts) whose type names its tags.
    const tagged = taggedByType();
    if (tagged !== undefined) {
      const roots = tagged.map((t) => ({ ...t, certain: tagged.length === 1 }));
      return { kind: "component", name: tagName.getText(), info: { roots, forwards: [] } };
    }
    return { kind: "unknown" };
  }

  /** The items a JSX element's children stand for. */
  children(node: TS.JsxElement): Item[] {
    const out: Item[] = [];
    for (const child of this.syntax.jsxChildren(node)) this.jsxChild(child, true, out);
    return out;
  }

  /** The items an expression stands for, pointing at `at`: what `render(…)` is given, for example. */
  valueItems(expr: TS.Expression, at: TS.Node): Item[] {
    const out: Item[] = [];
    this.expression(expr, true, at, out);
    return out;
  }

  /** The declarations of what an expression names, import aliases followed. */
  declarationsOf(expr: TS.Expression): readonly TS.Node[] {
    const symbol = this.symbolAt(unwrap(this.syntax, expr));
    return (symbol === undefined ? undefined : this.aliased(symbol).declarations) ?? [];
  }

  /** The node whose symbol a JSX tag name has: the identifier, or the name after the last dot. */
  private tagNameNode(tagName: TS.JsxTagNameExpression): TS.Node | undefined {
    // Remembered: TypeScript 7 decodes a name's text at every read, and each element's is read more than once.
    return remembered(this.tagNames, tagName, (name) => {
      const s = this.syntax;
      if (s.isJsxNamespacedName(name)) return undefined;
      if (s.isIdentifier(name)) return /^[a-z]/.test(name.text) ? undefined : name;
      return s.isPropertyAccessExpression(name) ? name.name : name;
    });
  }

  /**
   * The symbol whose declaration a component or helper is: the symbol of its function's type when that has a
   * body to read (a component imported into twenty files is then looked up once, not once per import), else
   * the symbol its import alias stands for.
   */
  private target(symbol: Symbol): Symbol {
    return this.ownTarget(symbol) ?? this.aliased(symbol);
  }

  /** The symbol of a symbol's type, when that is a function with a body to read (or `Fragment`). */
  private ownTarget(symbol: Symbol): Symbol | undefined {
    const type = this.symbolTypes.get(symbol);
    const own = type === undefined ? undefined : this.typeSymbol(type);
    return own !== undefined && (own.name === "Fragment" || this.functionOf(own) !== undefined) ? own : undefined;
  }

  private aliased(symbol: Symbol): Symbol {
    return answer(this.aliases, symbol, (symbols) => this.checker.aliased(symbols));
  }

  private symbolAt(node: TS.Node): Symbol | undefined {
    return answer(this.symbols, node, (nodes) => this.checker.symbolsAt(nodes));
  }

  private typeSymbol(type: Type): Symbol | undefined {
    return answer(this.typeSymbols, type, (types) => this.checker.symbolsOfTypes(types));
  }

  /**
   * Whether a tag names one of the library's elements (an `ElementComponent`, made by `defineElement`) rather
   * than a user component, which diagnostics name, by the type of the tag's symbol. Without a symbol (so without
   * a type), what the element makes decides.
   */
  private isLibraryComponent(type: Type | undefined): boolean {
    return type === undefined || this.typeSymbol(type)?.name === "ElementComponent";
  }

  /**
   * The tags a JSX element makes. A component with one non-generic signature makes what that signature
   * returns, the same at every use, so it is asked once per component rather than once per element.
   */
  private elementTags(opening: TS.JsxOpeningLikeElement, symbol: Symbol | undefined): Tags | undefined {
    if (symbol !== undefined) {
      const type = answer(this.symbolTypes, symbol, (symbols) => this.checker.typesOfSymbols(symbols));
      if (type !== undefined) {
        if (this.returnTags.has(type)) return this.returnTags.get(type);
        const returned = answer(this.returnTypes, type, (types) => this.checker.onlyReturnTypes(types));
        if (returned !== undefined) {
          const tags = this.tagOfType(returned);
          this.returnTags.set(type, tags);
          return tags;
        }
      }
    }
    const returned = this.checker.resolvedReturnType(opening);
    return returned === undefined ? undefined : this.tagOfType(returned);
  }

  /** Whether an expression is (one of) the `children` a component forwards. */
  private isForwarded(expr: TS.Expression): boolean {
    const s = this.syntax;
    if (this.forwardedChildren.size === 0) return false;
    // The name's symbol is declared by the component's parameter (or the binding element in it).
    const declared = (name: TS.Expression): TS.Node | undefined => this.symbolAt(name)?.valueDeclaration;
    if (s.isIdentifier(expr)) {
      const declaration = declared(expr);
      return declaration !== undefined && this.forwardedChildren.get(declaration) === "children";
    }
    if (s.isPropertyAccessExpression(expr) && expr.name.text === "children") {
      const declaration = declared(expr.expression);
      return declaration !== undefined && this.forwardedChildren.get(declaration) === "props";
    }
    return false;
  }

  private jsxChild(child: TS.JsxChild, certain: boolean, out: Item[]): void {
    const s = this.syntax;
    if (s.isJsxText(child)) return;
    if (s.isJsxExpression(child)) {
      if (child.expression !== undefined) this.expression(child.expression, certain, child, out);
      return;
    }
    if (s.isJsxFragment(child)) {
      for (const c of s.jsxChildren(child)) this.jsxChild(c, certain, out);
      return;
    }
    this.element(child, certain, child, out);
  }

  private element(node: TS.JsxElement | TS.JsxSelfClosingElement, certain: boolean, at: TS.Node, out: Item[]): void {
    const kind = this.elementKind(node);
    switch (kind.kind) {
      case "library":
        out.push({ tag: kind.tag, context: kind.context, node: at, certain });
        return;
      case "unlisted":
        return;
      case "fragment":
        if (this.syntax.isJsxElement(node)) for (const c of this.syntax.jsxChildren(node)) this.jsxChild(c, certain, out);
        return;
      case "component":
        for (const root of kind.info.roots) out.push({ ...root, node: at, certain: certain && root.certain, via: kind.name });
        return;
      case "unknown":
        out.push({ tag: null, node: at, certain });
    }
  }

  /**
   * The items an expression among the children stands for. `at` is what diagnostics point at: the JSX
   * written inside the parent when there is one, else the expression that leads elsewhere.
   */
  private expression(written: TS.Expression, certain: boolean, at: TS.Node, out: Item[], remote = false): void {
    const s = this.syntax;
    const expr = unwrap(s, written);
    // Inside a followed binding the JSX stands elsewhere: diagnostics keep pointing at the use.
    const here = (e: TS.Expression): TS.Node => (remote ? at : this.inner(e, at));
    if (s.isJsxElement(expr) || s.isJsxSelfClosingElement(expr)) {
      this.element(expr, certain, remote ? at : expr, out);
      return;
    }
    if (s.isJsxFragment(expr)) {
      if (remote) {
        const items: Item[] = [];
        for (const c of s.jsxChildren(expr)) this.jsxChild(c, certain, items);
        for (const item of items) out.push({ ...item, node: at });
      } else {
        for (const c of s.jsxChildren(expr)) this.jsxChild(c, certain, out);
      }
      return;
    }
    if (s.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === s.SyntaxKind.AmpersandAmpersandToken) {
        this.expression(expr.right, false, here(expr.right), out, remote);
        return;
      }
      if (op === s.SyntaxKind.BarBarToken || op === s.SyntaxKind.QuestionQuestionToken) {
        this.expression(expr.left, false, here(expr.left), out, remote);
        this.expression(expr.right, false, here(expr.right), out, remote);
        return;
      }
      if (op === s.SyntaxKind.CommaToken) {
        this.expression(expr.right, certain, at, out, remote);
        return;
      }
    }
    if (s.isConditionalExpression(expr)) {
      this.expression(expr.whenTrue, false, here(expr.whenTrue), out, remote);
      this.expression(expr.whenFalse, false, here(expr.whenFalse), out, remote);
      return;
    }
    if (s.isArrayLiteralExpression(expr)) {
      for (const e of expr.elements) {
        const value = s.isSpreadElement(e) ? e.expression : e;
        this.expression(value, certain && !s.isSpreadElement(e), here(value), out, remote);
      }
      return;
    }
    if (
      expr.kind === s.SyntaxKind.NullKeyword ||
      expr.kind === s.SyntaxKind.TrueKeyword ||
      expr.kind === s.SyntaxKind.FalseKeyword ||
      s.isStringLiteralLike(expr) ||
      s.isNumericLiteral(expr) ||
      s.isTemplateExpression(expr) ||
      s.isBigIntLiteral(expr) ||
      (s.isIdentifier(expr) && expr.text === "undefined")
    ) {
      return;
    }
    if (this.isForwarded(expr)) return;
    if (s.isCallExpression(expr)) {
      const callee = unwrap(s, expr.expression);
      if (s.isPropertyAccessExpression(callee) && MAPPERS.has(callee.name.text)) {
        const callback = expr.arguments[0] === undefined ? undefined : unwrap(s, expr.arguments[0]);
        if (callback !== undefined && (s.isArrowFunction(callback) || s.isFunctionExpression(callback))) {
          for (const r of this.returned(callback)) this.expression(r, false, here(r), out, remote);
          return;
        }
        const named = callback !== undefined && s.isIdentifier(callback) ? this.helperItems(callback, at) : undefined;
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
    if (s.isIdentifier(expr)) {
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
    const e = unwrap(this.syntax, expr);
    return this.syntax.isJsxElement(e) || this.syntax.isJsxSelfClosingElement(e) ? e : at;
  }

  /** Items from the value's type: `TwiMLElement<"Dial">` is a Dial; `JSX.Element` or `any` is unknowable. */
  private byType(expr: TS.Expression, certain: boolean, at: TS.Node, out: Item[]): void {
    const type = answer(this.types, expr, (nodes) => this.checker.typesAt(nodes));
    const found = type === undefined ? undefined : this.tagOfType(type);
    if (found === undefined) return;
    for (const f of found) out.push({ tag: f.tag, context: f.context, node: at, certain });
  }

  /**
   * The TwiML elements a type stands for: undefined when it holds none (text, nothing), entries with a null
   * tag for values that may be elements of unknown kind.
   */
  private tagOfType(type: Type): Tags | undefined {
    if (this.typeTags.has(type)) return this.typeTags.get(type);
    const tags = this.tagsOf(type, 0);
    this.typeTags.set(type, tags);
    return tags;
  }

  private tagsOf(type: Type, depth: number): Tags | undefined {
    const checker = this.checker;
    if (depth > 4) return [{ tag: null }];
    if (checker.isAnyOrUnknown(type)) return [{ tag: null }];
    const members = checker.isUnion(type) ? answer(this.unions, type, (types) => checker.unionMembers(types)) : undefined;
    if (members !== undefined) {
      const all = members.flatMap((t) => this.tagsOf(t, depth + 1) ?? []);
      return all.length === 0 ? undefined : all;
    }
    const typeArguments = (t: Type): readonly Type[] => answer(this.typeArguments, t, (types) => checker.typeArguments(types));
    if (this.typeSymbol(type)?.name === "TwiMLElement") {
      const [tag, context] = typeArguments(type);
      const contextValue = context === undefined ? undefined : (checker.stringValue(context) as Context | undefined);
      return [{ tag: (tag === undefined ? undefined : checker.stringValue(tag)) ?? null, context: contextValue }];
    }
    if (answer(this.arrays, type, (types) => checker.areArraysOrTuples(types))) {
      const all = typeArguments(type).flatMap((t) => this.tagsOf(t, depth + 1) ?? []);
      return all.length === 0 ? undefined : all;
    }
    return undefined;
  }

  /** The function a component or helper symbol is declared as, when its body can be read. */
  private functionOf(symbol: Symbol): TS.FunctionLikeDeclaration | undefined {
    return remembered(this.functions, symbol, (s) => this.readFunction(s));
  }

  private readFunction(symbol: Symbol): TS.FunctionLikeDeclaration | undefined {
    // A declaration file has no bodies to read (one written there anyway is an error TypeScript reports).
    if (symbol.onlyInDeclarationFiles === true) return undefined;
    const s = this.syntax;
    for (const d of symbol.declarations ?? []) {
      if (d.getSourceFile().isDeclarationFile) continue;
      if ((s.isFunctionDeclaration(d) || s.isFunctionExpression(d) || s.isArrowFunction(d)) && d.body !== undefined) return d;
      if (s.isVariableDeclaration(d) && d.initializer !== undefined) {
        const init = unwrap(s, d.initializer);
        if (s.isArrowFunction(init) || s.isFunctionExpression(init)) return init;
      }
    }
    return undefined;
  }

  /** The initializer of a `const` binding an identifier refers to. */
  private constInitializer(id: TS.Identifier): TS.Expression | undefined {
    const s = this.syntax;
    const d = this.symbolAt(id)?.valueDeclaration;
    if (d === undefined || !s.isVariableDeclaration(d) || d.initializer === undefined || !s.isIdentifier(d.name)) return undefined;
    if (!s.isConst(d)) return undefined;
    if (this.active.has(d)) return undefined;
    const init = d.initializer;
    const inner = unwrap(s, init);
    if (s.isArrowFunction(inner) || s.isFunctionExpression(inner)) return undefined;
    return init;
  }

  /** The expressions a function returns (an arrow's expression body, or its `return` statements). */
  private returned(fn: TS.FunctionLikeDeclaration): readonly TS.Expression[] {
    return remembered(this.returns, fn, (f) => this.readReturned(f));
  }

  private readReturned(fn: TS.FunctionLikeDeclaration): TS.Expression[] {
    const s = this.syntax;
    if (fn.body === undefined) return [];
    if (!s.isBlock(fn.body)) return [fn.body];
    const out: TS.Expression[] = [];
    const visit = (n: TS.Node): void => {
      if (s.isReturnStatement(n)) {
        if (n.expression !== undefined) out.push(n.expression);
        return;
      }
      if (s.isFunctionWithBody(n) || s.isClassLike(n)) return;
      s.forEachChild(n, visit);
    };
    s.forEachChild(fn.body, visit);
    return out;
  }

  /** Items returned by a local helper function called among the children; undefined when not one. */
  private helperItems(callee: TS.Expression, at: TS.Node): readonly Item[] | undefined {
    if (!this.syntax.isIdentifier(callee)) return undefined;
    const symbol = this.symbolAt(callee);
    const fn = symbol === undefined ? undefined : this.functionOf(this.target(symbol));
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
    this.forwardedChildren = new Map(this.forwardedIn(fn));
    const roots: Omit<Item, "node">[] = [];
    const annotatedType =
      fn.type === undefined ? undefined : answer(this.annotations, fn.type, (nodes) => this.checker.typesOfTypeNodes(nodes));
    const annotated = annotatedType === undefined ? undefined : this.tagOfType(annotatedType);
    if (annotated?.every((a) => a.tag !== null)) {
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

  /** The names in a function's first parameter that can stand for `children`: `props`, or a destructured `children`. */
  private childrenNames(fn: TS.FunctionLikeDeclaration): readonly ChildrenName[] {
    return remembered(this.childrenNamesOf, fn, (f) => this.readChildrenNames(f));
  }

  /** What `forwardedChildren` holds for the names of a function's first parameter that stand for `children`. */
  private forwardedIn(fn: TS.FunctionLikeDeclaration): (readonly [TS.Node, "props" | "children"])[] {
    return this.childrenNames(fn).map(({ declaration, as }) => [declaration, as] as const);
  }

  private readChildrenNames(fn: TS.FunctionLikeDeclaration): ChildrenName[] {
    const s = this.syntax;
    const first = fn.parameters[0];
    if (first === undefined) return [];
    if (s.isIdentifier(first.name)) return [{ declaration: first, as: "props" }];
    const out: ChildrenName[] = [];
    if (s.isObjectBindingPattern(first.name)) {
      for (const e of first.name.elements) {
        const property = e.propertyName !== undefined && s.isIdentifier(e.propertyName) ? e.propertyName.text : undefined;
        if ((property ?? (s.isIdentifier(e.name) ? e.name.text : "")) === "children" && s.isIdentifier(e.name)) {
          out.push({ declaration: e, as: "children" });
        }
      }
    }
    return out;
  }

  /** The library elements into which a component puts its `children`, directly or through other components. */
  private forwardsOf(fn: TS.FunctionLikeDeclaration): Forwarding[] {
    const s = this.syntax;
    if (this.forwardedChildren.size === 0 || fn.body === undefined) return [];
    const out: Forwarding[] = [];
    const visit = (n: TS.Node): void => {
      if (s.isJsxElement(n) && s.jsxChildren(n).some((c) => this.forwardsHere(c))) {
        const kind = this.elementKind(n);
        if (kind.kind === "library") out.push({ tag: kind.tag, context: kind.context });
        else if (kind.kind === "component") out.push(...kind.info.forwards);
      }
      s.forEachChild(n, visit);
    };
    visit(fn.body);
    return out;
  }

  /** Whether a JSX child is the forwarded `children` (possibly behind `&&`, `?:`, a fragment). */
  private forwardsHere(child: TS.JsxChild): boolean {
    const s = this.syntax;
    if (s.isJsxFragment(child)) return s.jsxChildren(child).some((c) => this.forwardsHere(c));
    if (!s.isJsxExpression(child) || child.expression === undefined) return false;
    const reaches = (written: TS.Expression): boolean => {
      const e = unwrap(s, written);
      if (s.isBinaryExpression(e)) return reaches(e.left) || reaches(e.right);
      if (s.isConditionalExpression(e)) return reaches(e.whenTrue) || reaches(e.whenFalse);
      return this.isForwarded(e);
    };
    return reaches(child.expression);
  }
}

/** Fills `cache` with the checker's answers for the keys it lacks, asked together. */
function fill<K, V>(cache: Map<K, V>, keys: readonly K[], ask: (keys: K[]) => V[]): void {
  const missing = [...new Set(keys)].filter((key) => !cache.has(key));
  if (missing.length === 0) return;
  const answers = ask(missing);
  for (const [i, key] of missing.entries()) cache.set(key, answers[i] as V);
}

/** The value for `key`, read unless `cache` has it (undefined included). */
function remembered<K, V>(cache: Map<K, V>, key: K, read: (key: K) => V): V {
  if (!cache.has(key)) cache.set(key, read(key));
  return cache.get(key) as V;
}

/** The checker's answer for one key, asked unless `cache` has it. */
function answer<K, V>(cache: Map<K, V>, key: K, ask: (keys: K[]) => V[]): V {
  return remembered(cache, key, (k) => ask([k])[0] as V);
}

/**
 * Whether a name that tags name in a file's text stands for one binding wherever they are: besides the tags
 * (`<Say`, `</Say`), the name is written nowhere but at most once in one of the file's top-level imports
 * (`imports`), where it is the import's name, or the name it is imported as, or part of what it imports from.
 * The file then declares nothing else by that name, in any scope; written elsewhere, even in a comment, it may.
 */
export function oneBinding(text: string, name: string, imports: readonly { readonly pos: number; readonly end: number }[]): boolean {
  let other = -1;
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + name.length)) {
    const before = text.charCodeAt(at - 1);
    if (identifierPart(before) || identifierPart(text.charCodeAt(at + name.length))) continue;
    if (before === LESS_THAN || (before === SLASH && text.charCodeAt(at - 2) === LESS_THAN)) continue;
    if (other !== -1) return false;
    other = at;
  }
  return other === -1 || imports.some((i) => i.pos <= other && other < i.end);
}

const LESS_THAN = 0x3c;
const SLASH = 0x2f;

/** Whether a character may be part of an identifier; any non-ASCII one may. NaN (outside the text) is not. */
function identifierPart(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f ||
    code === 0x24 ||
    code >= 0x80
  );
}

/**
 * Whether a callee is named `render` (or `….render`), as the library's `render` is called: what `isRender` in the
 * analysis asks the checker about.
 */
export function isRenderName(s: Syntax, callee: TS.Expression): boolean {
  const name = s.isPropertyAccessExpression(callee) ? callee.name : callee;
  return s.isIdentifier(name) && name.text === "render";
}

function defined<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((value) => value !== undefined);
}
