export * from "./elements/components.js";
export type * from "./elements/props.js";
export { UnlistedElement, type UnlistedElementProps } from "./elements/unlisted.js";
export { render, type RenderOptions } from "./render/render.js";
export { precompiled, type PrecompiledHole, type PrecompiledTemplate } from "./render/precompiled.js";
export { TwiMLError } from "./render/errors.js";
export { CODES, type Code } from "./vocabulary/rules.js";
export { MAX_DOCUMENT_BYTES } from "./vocabulary/limits.js";
export { Fragment, isElement } from "./element.js";
export type {
  ElementChildren,
  ElementComponent,
  Empty,
  Key,
  MixedChildren,
  TextChild,
  TextChildren,
  TwiMLElement,
  TwiMLNode,
} from "./element.js";
export type { Context } from "./vocabulary/types.js";
