// A Babel 7 plugin that fails the build on nesting mistakes written in the source: the children of each
// library element, followed through fragments, `&&` / `||` / `??`, ternaries, arrays and parentheses.
// Babel sees one file and no types, so anything it cannot identify (user components, variables, calls) is
// skipped: a wrong error costs more than a missed one, and `render` still checks everything at run time.
// Only `import type` from Babel: the plugin gets everything it uses through the paths Babel hands it.
import type { ConfigAPI, NodePath, PluginObj, types as t } from "@babel/core";
import { elementTable, isSsmlTag } from "../vocabulary/index.js";
import type { Context } from "../vocabulary/types.js";
import { checkChildren, type Child, type Finding } from "../vocabulary/nesting.js";
import { templateOf } from "./precompile.js";

const LIBRARY = "twiml-jsx";

/** The roots, exported under their own names, all rendering `<Response>`. */
const ROOTS: ReadonlyMap<string, Context | undefined> = new Map([
  ["VoiceResponse", "voice"],
  ["MessagingResponse", "messaging"],
  ["FaxResponse", "fax"],
  ["Response", undefined],
]);

/** Every other element is exported under its tag's name. */
const TAGS: ReadonlySet<string> = new Set(
  elementTable()
    .filter((d) => d.kind !== "root" && d.kind !== "ssml")
    .map((d) => d.tag),
);

type Kind =
  | { readonly kind: "element"; readonly tag: string; readonly context?: Context | undefined }
  | { readonly kind: "fragment" }
  | { readonly kind: "unknown" };

const UNKNOWN: Kind = { kind: "unknown" };

/**
 * Fails the build on a TwiML nesting mistake visible in the source, with the code and message `render`
 * would throw, at the offending element. List it in `plugins` beside the automatic JSX transform.
 *
 * @example
 * // babel.config.json:
 * // { "plugins": ["twiml-jsx/babel", ["@babel/plugin-transform-react-jsx",
 * //   { "runtime": "automatic", "importSource": "twiml-jsx", "throwIfNamespace": false }]] }
 * // src/menu.tsx, line 14: <Gather><Dial>+15550100</Dial></Gather>
 * //=> src/menu.tsx: TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) (14:8)
 */
export default function twimlJsx(api: ConfigAPI, options: { precompile?: boolean } = {}): PluginObj {
  api.assertVersion(7);
  // Babel hands plugins its `types` on the API object.
  const types = (api as ConfigAPI & { types: typeof t }).types;
  return {
    name: "twiml-jsx",
    visitor: {
      // All at once on entering the program, before any plugin has turned the JSX into calls.
      Program(program) {
        const findings: Finding<NodePath<t.JSXElement>>[] = [];
        program.traverse({
          JSXElement(path) {
            const kind = elementKind(path);
            if (kind.kind !== "element") return;
            const children: Child<NodePath<t.JSXElement>>[] = [];
            for (const child of path.get("children")) jsxChild(child, true, children);
            // Warnings (a verb that never runs) do not fail a build.
            findings.push(...checkChildren(kind.tag, kind.context, children).filter((f) => f.severity === "error"));
          },
        });
        const first = findings.sort((a, b) => (a.node.node.start ?? 0) - (b.node.node.start ?? 0))[0];
        if (first !== undefined) throw located(first);
        if (options.precompile !== false) precompileDocuments(types, program);
      },
    },
  };
}

/** Replaces each literal enough document or element with a call to `precompiled(template, holes)`. */
function precompileDocuments(types: typeof t, program: NodePath<t.Program>): void {
  const elementOf = (path: NodePath<t.JSXElement>): { tag: string; context?: Context | undefined } | undefined => {
    const kind = elementKind(path);
    return kind.kind === "element" ? kind : undefined;
  };
  let helper: t.Identifier | undefined;
  program.traverse({
    JSXElement(path) {
      // A whole document when it is literal enough; else its literal elements, each on its own.
      const compiled = templateOf(types, path, elementOf);
      if (compiled === undefined) return;
      if (helper === undefined) {
        helper = program.scope.generateUidIdentifier("precompiled");
        const [added] = program.unshiftContainer(
          "body",
          types.importDeclaration([types.importSpecifier(helper, types.identifier("precompiled"))], types.stringLiteral(LIBRARY)),
        );
        program.scope.registerDeclaration(added);
      }
      // The template is built once, at module load: the renderer caches per template object.
      const id = program.scope.generateUidIdentifier("template");
      program.scope.push({ id, init: types.valueToNode(compiled.template), kind: "const" });
      path.replaceWith(types.callExpression(types.cloneNode(helper), [id, types.arrayExpression(compiled.expressions)]));
      path.skip();
    },
  });
  // Register the new references, so that plugins which drop unused imports (TypeScript's) keep the helper's.
  if (helper !== undefined) program.scope.crawl();
}

/** The error for a finding, with Babel's code frame and, as Babel's own syntax errors have, `(line:column)` and `loc`. */
function located({ node, problem }: Finding<NodePath<t.JSXElement>>): Error {
  const start = node.node.loc?.start;
  const where = start === undefined ? "" : ` (${start.line}:${start.column})`;
  const error = node.buildCodeFrameError(`${problem.code}: ${problem.message}${where}`);
  if (start !== undefined) Object.assign(error, { loc: { line: start.line, column: start.column } });
  return error;
}

/** What a JSX element is: a library element or SSML tag, a fragment, or something Babel cannot know. */
function elementKind(path: NodePath<t.JSXElement>): Kind {
  const name = path.node.openingElement.name;
  if (name.type === "JSXNamespacedName") return intrinsic(`${name.namespace.name}:${name.name.name}`);
  if (name.type === "JSXIdentifier") {
    if (/^[a-z]/.test(name.name)) return intrinsic(name.name);
    const binding = path.scope.getBinding(name.name);
    const specifier = binding?.path;
    if (specifier === undefined || !specifier.isImportSpecifier() || specifier.node.importKind === "type") return UNKNOWN;
    if (!fromLibrary(specifier.parentPath)) return UNKNOWN;
    const imported = specifier.node.imported;
    return exported(imported.type === "Identifier" ? imported.name : imported.value);
  }
  if (name.object.type !== "JSXIdentifier") return UNKNOWN;
  const namespace = path.scope.getBinding(name.object.name)?.path;
  if (namespace === undefined || !namespace.isImportNamespaceSpecifier() || !fromLibrary(namespace.parentPath)) return UNKNOWN;
  return exported(name.property.name);
}

function intrinsic(tag: string): Kind {
  return isSsmlTag(tag) ? { kind: "element", tag } : UNKNOWN;
}

function fromLibrary(declaration: NodePath | null): boolean {
  return declaration?.isImportDeclaration() === true && declaration.node.source.value === LIBRARY && declaration.node.importKind !== "type";
}

/** What a name exported by the library is. `UnlistedElement` is unknown: no nesting rule applies to it. */
function exported(name: string): Kind {
  if (ROOTS.has(name)) return { kind: "element", tag: "Response", context: ROOTS.get(name) };
  if (name === "Fragment") return { kind: "fragment" };
  return TAGS.has(name) ? { kind: "element", tag: name } : UNKNOWN;
}

type Out = Child<NodePath<t.JSXElement>>[];

function jsxChild(child: NodePath, certain: boolean, out: Out): void {
  if (child.isJSXExpressionContainer()) {
    const expression = child.get("expression");
    if (expression.isExpression()) value(expression, certain, out);
  } else if (child.isJSXSpreadChild()) {
    value(child.get("expression"), certain, out);
  } else if (child.isJSXFragment()) {
    for (const c of child.get("children")) jsxChild(c, certain, out);
  } else if (child.isJSXElement()) {
    element(child, certain, out);
  }
}

function element(path: NodePath<t.JSXElement>, certain: boolean, out: Out): void {
  const kind = elementKind(path);
  if (kind.kind === "element") out.push({ tag: kind.tag, node: path, certain });
  else if (kind.kind === "fragment") for (const c of path.get("children")) jsxChild(c, certain, out);
}

/** The elements an expression among the children can be; anything else (a variable, a call) is skipped. */
function value(path: NodePath, certain: boolean, out: Out): void {
  if (
    path.isParenthesizedExpression() ||
    path.isTSAsExpression() ||
    path.isTSSatisfiesExpression() ||
    path.isTSNonNullExpression() ||
    path.isTSTypeAssertion() ||
    path.isTypeCastExpression()
  ) {
    // Every wrapper keeps the wrapped value under `expression`.
    value(path.get("expression") as NodePath, certain, out);
  } else if (path.isJSXElement() || path.isJSXFragment()) {
    jsxChild(path, certain, out);
  } else if (path.isLogicalExpression()) {
    if (path.node.operator !== "&&") value(path.get("left"), false, out);
    value(path.get("right"), false, out);
  } else if (path.isConditionalExpression()) {
    value(path.get("consequent"), false, out);
    value(path.get("alternate"), false, out);
  } else if (path.isSequenceExpression()) {
    const last = path.get("expressions").at(-1);
    if (last !== undefined) value(last, certain, out);
  } else if (path.isArrayExpression()) {
    for (const item of path.get("elements")) {
      if (item.isSpreadElement()) value(item.get("argument"), false, out);
      else if (item.isExpression()) value(item, certain, out);
    }
  }
}
