import { createElement, Fragment, type Key, type TwiMLElement } from "../src/element.js";
import type { SSMLElements } from "../src/elements/props.js";

export { Fragment };

/** Makes one element; the automatic JSX transform calls it for every tag. */
export function jsx(type: unknown, props: Record<string, unknown>, key?: Key): TwiMLElement {
  return createElement(type, props, key);
}

/** Same as `jsx`; the transform uses it when children are a static list. */
export const jsxs = jsx;

/** Same as `jsx`; development builds pass source positions, which TwiML has no use for. */
export const jsxDEV = jsx;

/**
 * The JSX types of twiml-jsx, scoped to this module so they never clash with React's global `JSX`.
 * Every JSX expression is a `JSX.Element`; components declare the precise `TwiMLElement<"Tag">`.
 */
export declare namespace JSX {
  type Element = TwiMLElement;
  interface ElementChildrenAttribute {
    // biome-ignore lint/complexity/noBannedTypes: TypeScript reads only the property's name here, and `{}` is how every JSX runtime writes it.
    children: {};
  }
  interface IntrinsicAttributes {
    key?: Key | undefined;
  }
  /** SSML, written as lower-case tags inside `<Say>`; `key` is accepted as on components. */
  type IntrinsicElements = { [K in keyof SSMLElements]: SSMLElements[K] & IntrinsicAttributes };
}
