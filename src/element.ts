import type { Context } from "./vocabulary/types.js";

/**
 * Marks objects made by the JSX runtime. `Symbol.for` keeps the mark the same when both the ESM and
 * the CommonJS build of this package are loaded in one process.
 */
export const ELEMENT: unique symbol = Symbol.for("twiml-jsx.element") as never;

export type Key = string | number | bigint;

/**
 * A TwiML element made by JSX. `Tag` names the XML tag it renders, so tools that read types can tell a
 * `<Say>` from a `<Dial>`; `Ctx` narrows the document kind for `<VoiceResponse>` and `<MessagingResponse>`.
 */
export interface TwiMLElement<Tag extends string = string, Ctx extends Context = Context> {
  readonly $$typeof: typeof ELEMENT;
  readonly type: unknown;
  readonly props: Readonly<Record<string, unknown>>;
  readonly key: Key | null;
  /** Type-only: the rendered tag. Never present at run time. */
  readonly "~tag"?: Tag;
  /** Type-only: the document kind. Never present at run time. */
  readonly "~context"?: Ctx;
}

/** Nothing: renders no output, as in React. */
export type Empty = null | undefined | boolean;

/** Character data: strings and numbers, possibly interpolated (`Hello {name}`). */
export type TextChild = string | number | bigint;
export type TextChildren = TextChild | Empty | readonly TextChildren[];

/** Child elements only; text here is a type error. */
export type ElementChildren = TwiMLElement | Empty | readonly ElementChildren[];

/** Text and elements mixed freely (`<Say>` with SSML). */
export type MixedChildren = TextChild | TwiMLElement | Empty | readonly MixedChildren[];

/** Any child accepted by a user component or a fragment. */
export type TwiMLNode = MixedChildren;

/** What the element factory reads from a library component function. */
export interface ElementComponentInfo<Tag extends string> {
  readonly twimlTag: Tag;
  readonly twimlContext?: Context | undefined;
}

/** A library component: call it or use it in JSX; either way it makes a `TwiMLElement<Tag>`. */
export interface ElementComponent<Tag extends string, P, Ctx extends Context = Context> extends ElementComponentInfo<Tag> {
  (props: P): TwiMLElement<Tag, Ctx>;
}

export function createElement(type: unknown, props: Record<string, unknown>, key?: Key): TwiMLElement {
  return { $$typeof: ELEMENT, type, props, key: key === undefined ? null : key };
}

export function defineElement<Tag extends string, P, Ctx extends Context = Context>(
  tag: Tag,
  context?: Ctx,
): ElementComponent<Tag, P, Ctx> {
  // Plain property stores, the same two on every component: the functions keep fast properties and one shape, so
  // the renderer's `twimlTag` reads stay cheap (redefining `name` would turn them into hash lookups, and naming
  // them through computed keys costs import time). The tag is what names a component to tools and in errors.
  const component = ((props: P): TwiMLElement<Tag, Ctx> =>
    createElement(component, props as Record<string, unknown>) as TwiMLElement<Tag, Ctx>) as ElementComponent<Tag, P, Ctx>;
  const info = component as { twimlTag: Tag; twimlContext: Ctx | undefined };
  info.twimlTag = tag;
  info.twimlContext = context;
  return component;
}

export function isElement(value: unknown): value is TwiMLElement {
  return typeof value === "object" && value !== null && (value as TwiMLElement).$$typeof === ELEMENT;
}

/** Groups children without adding an element, as `<>…</>` does. */
export function Fragment(props: { children?: TwiMLNode | undefined }): TwiMLElement {
  // The renderer treats whatever a component returns as children, so returning them as-is is enough.
  return props.children as never;
}
