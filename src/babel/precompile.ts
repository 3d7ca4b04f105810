// Precompilation: a document whose elements, attributes and text are all written literally is rendered at
// build time, with the real renderer, into its XML; values written as expressions inside text (`Hello
// {name}`) become holes, rendered and checked at run time as children of their element. Anything the
// compiler cannot be sure of leaves the document to the ordinary JSX transform.
import type { NodePath, types as t } from "@babel/core";
import { createElement, type TwiMLElement } from "../element.js";
import * as library from "../elements/components.js";
import { UnlistedElement } from "../elements/unlisted.js";
import type { PrecompiledHole, PrecompiledTemplate } from "../render/precompiled.js";
import { render } from "../render/render.js";
import { elementTable } from "../vocabulary/index.js";
import type { Context } from "../vocabulary/types.js";

/** What the plugin knows of a JSX element (see index.ts). */
export type ElementOf = (path: NodePath<t.JSXElement>) => { readonly tag: string; readonly context?: Context | undefined } | undefined;

const ROOT_COMPONENTS: Record<string, unknown> = {
  voice: library.VoiceResponse,
  messaging: library.MessagingResponse,
  fax: library.FaxResponse,
  inferred: library.Response,
};

/**
 * Tags whose content cannot be made invalid by a value among their text: they take text and elements, and
 * have no either-or, count, exclusion or length rule. Holes are only made inside those, next to literal text.
 */
const HOLE_PARENTS: ReadonlySet<string> = new Set(
  [...new Set(elementTable().map((d) => d.tag))].filter((tag) =>
    elementTable()
      .filter((d) => d.tag === tag)
      .every(
        (d) =>
          d.text !== "none" &&
          d.textOrChildren !== true &&
          d.limits === undefined &&
          d.alone === undefined &&
          d.exclusive === undefined &&
          // The length of text split between static parts and holes is only known whole at run time.
          d.textLimit?.severity !== "error",
      ),
  ),
);

/** Private-use characters: written as they are by the renderer, never in a document by accident. */
const MARK_OPEN = "\uE000";
const MARK_CLOSE = "\uE001";

interface Hole extends PrecompiledHole {
  readonly expression: t.Expression;
}

/** A literal attribute value, or undefined when the value is computed. */
function literal(types: typeof t, node: t.Node | null | undefined): { value: unknown } | undefined {
  if (node === null || node === undefined) return { value: true };
  if (types.isStringLiteral(node) || types.isNumericLiteral(node) || types.isBooleanLiteral(node)) return { value: node.value };
  if (types.isJSXExpressionContainer(node)) return literal(types, node.expression as t.Node);
  if (types.isTemplateLiteral(node) && node.expressions.length === 0) return { value: node.quasis[0]!.value.cooked };
  if (types.isUnaryExpression(node) && node.operator === "-" && types.isNumericLiteral(node.argument))
    return { value: -node.argument.value };
  if (types.isArrayExpression(node)) {
    const items: unknown[] = [];
    for (const e of node.elements) {
      const v = literal(types, e as t.Node | null);
      if (e === null || v === undefined) return undefined;
      items.push(v.value);
    }
    return { value: items };
  }
  return undefined;
}

/** Builds the element at build time, or returns undefined when part of it is not literal. */
function build(
  types: typeof t,
  path: NodePath<t.JSXElement>,
  elementOf: ElementOf,
  chain: readonly string[],
  indexes: readonly number[],
  holes: Hole[],
  root: "document" | "element" | "inner",
): TwiMLElement | undefined {
  const known = elementOf(path);
  if (known === undefined) return undefined;
  const props: Record<string, unknown> = {};
  for (const attribute of path.node.openingElement.attributes) {
    if (!types.isJSXAttribute(attribute)) return undefined;
    const name = types.isJSXNamespacedName(attribute.name)
      ? `${attribute.name.namespace.name}:${attribute.name.name.name}`
      : attribute.name.name;
    if (name === "key") continue;
    const v = literal(types, attribute.value);
    if (v === undefined) return undefined;
    props[name] = v.value;
  }
  const paths = new Map<t.Node, NodePath>();
  for (const child of path.get("children")) {
    paths.set(child.node, child);
    if (child.isJSXExpressionContainer()) paths.set(child.node.expression, child.get("expression") as NodePath);
  }
  const children: unknown[] = [];
  const pending: Hole[] = [];
  let elements = 0;
  let text = false;
  for (const node of types.react.buildChildren(path.node)) {
    if (types.isStringLiteral(node)) {
      if (node.value.includes(MARK_OPEN) || node.value.includes(MARK_CLOSE)) return undefined;
      if (node.value !== "") text = true;
      children.push(node.value);
    } else if (types.isJSXElement(node)) {
      const childPath = paths.get(node) as NodePath<t.JSXElement> | undefined;
      const child = childPath && elementOf(childPath);
      if (childPath === undefined || child === undefined) return undefined;
      const built = build(types, childPath, elementOf, [...chain, child.tag], [...indexes, elements], holes, "inner");
      if (built === undefined) return undefined;
      elements++;
      children.push(built);
    } else if (types.isExpression(node) && !types.isJSXFragment(node)) {
      const index = holes.length + pending.length;
      pending.push({ expression: node, chain: [...chain], indexes: [...indexes], before: elements });
      children.push(`${MARK_OPEN}${index}${MARK_CLOSE}`);
    } else {
      return undefined;
    }
  }
  if (pending.length > 0) {
    if (!HOLE_PARENTS.has(known.tag) || !text || root === "document") return undefined;
    holes.push(...pending);
  }
  const type =
    root === "document" ? ROOT_COMPONENTS[known.context ?? "inferred"] : ((library as Record<string, unknown>)[known.tag] ?? known.tag);
  const withChildren = children.length === 0 ? props : { ...props, children: children.length === 1 ? children[0] : children };
  return createElement(type, withChildren);
}

/**
 * Tags whose forms all have the same attributes and rules: an element of such a tag can be checked at build
 * time without knowing where it will stand, which the checks at run time then settle.
 */
const UNIFORM: ReadonlySet<string> = new Set(
  [
    ...new Set(
      elementTable()
        .filter((d) => d.kind !== "root")
        .map((d) => d.tag),
    ),
  ].filter((tag) => {
    const shapes = elementTable()
      .filter((d) => d.tag === tag)
      .map((d) => JSON.stringify([d.attributes, d.children, d.text, d.textOrChildren, d.alone, d.limits, d.exclusive, d.textLimit]));
    return shapes.every((shape) => shape === shapes[0]);
  }),
);

const WRAPPERS: Record<Context, unknown> = {
  voice: library.VoiceResponse,
  messaging: library.MessagingResponse,
  fax: library.FaxResponse,
};

/** An element outside the vocabulary, which puts no rule on where the precompiled element stands. */
const NEUTRAL = "TwimlPrecompiled";

/**
 * The template of the document rooted at `path` or, failing that, of the library element at `path` standing
 * inside something not literal (a user component, a computed attribute…), with the expressions of its holes.
 * Undefined when neither can be precompiled; the JSX then stays as it is, and any error it has is thrown at run
 * time, as it would be without the plugin.
 */
export function templateOf(
  types: typeof t,
  path: NodePath<t.JSXElement>,
  elementOf: ElementOf,
): { template: PrecompiledTemplate; expressions: t.Expression[] } | undefined {
  const known = elementOf(path);
  if (known === undefined) return undefined;
  const document = known.tag === "Response";
  if (!document && !UNIFORM.has(known.tag)) return undefined;
  const holes: Hole[] = [];
  const element = build(types, path, elementOf, [], [], holes, document ? "document" : "element");
  if (element === undefined) return undefined;
  // The element alone is rendered inside a neutral wrapper of its own document kind, then cut out of it.
  const context = document ? (known.context ?? null) : elementTable().find((d) => d.tag === known.tag)!.context;
  const open = document ? "" : `<Response><${NEUTRAL}>`;
  const close = document ? "" : `</${NEUTRAL}></Response>`;
  const tree = document
    ? element
    : createElement(WRAPPERS[context!], { children: createElement(UnlistedElement, { tag: NEUTRAL, children: element }) });
  let xml: string;
  try {
    // Strict: a character XML forbids is left for the run time, where `strict` decides whether it throws or is
    // dropped. Dropped here, a strict render of the compiled code could no longer refuse it.
    xml = render(tree, { declaration: false, strict: true });
  } catch {
    return undefined;
  }
  if (!xml.startsWith(open) || !xml.endsWith(close)) return undefined;
  const fields = document ? { context } : { context: null, tag: known.tag };
  return split(xml.slice(open.length, xml.length - close.length), holes, fields);
}

function split(
  xml: string,
  holes: readonly Hole[],
  fields: Pick<PrecompiledTemplate, "context" | "tag">,
): { template: PrecompiledTemplate; expressions: t.Expression[] } | undefined {
  const parts = xml.split(new RegExp(`${MARK_OPEN}\\d+${MARK_CLOSE}`));
  const order = [...xml.matchAll(new RegExp(`${MARK_OPEN}(\\d+)${MARK_CLOSE}`, "g"))].map((m) => Number(m[1]));
  if (order.length !== holes.length || order.some((n, i) => n !== i)) return undefined;
  return {
    template: { ...fields, parts, holes: holes.map(({ chain, indexes, before }) => ({ chain, indexes, before })) },
    expressions: holes.map((h) => h.expression),
  };
}
