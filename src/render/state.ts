import type { Context } from "../vocabulary/types.js";
import type { Head } from "./compile.js";

/** Per-element bookkeeping, reused by depth so a render allocates none. */
export interface Frame {
  /** Child elements so far. */
  count: number;
  /** Whether non-empty text was written. */
  text: boolean;
  /** Characters of text written (before escaping), for the documented text limits. */
  length: number;
  /** Tags of the child elements, kept only for elements with count or exclusion rules. */
  tags: string[];
}

/** Nothing owed: the last element's open tag is complete, or closed. */
export const NONE = 0;
/** `<Tag attributes…` is written and still needs `>` (content follows) or `/>` (it stays empty). */
export const OPEN = 1;
/**
 * Nothing of the open tag is written yet; `bare` holds it whole (the tag alone, or with its one attribute), as
 * `<Tag…>` and `<Tag…/>`, to be written in one piece. Every piece appended to the output is a node V8 must visit
 * when it flattens the string, so fewer pieces render faster.
 */
export const BARE = 2;
export type Owed = typeof NONE | typeof OPEN | typeof BARE;

/**
 * Everything one render writes and tracks. The walk carries it from call to call, so renders never share state:
 * a component that itself calls `render`, or a render that threw halfway, leaves other renders untouched.
 */
export interface RenderState {
  out: string;
  /** What the last open tag still needs before content or its end. */
  owed: Owed;
  /** The unwritten open tag when `owed` is `BARE`. */
  bare: Head | null;
  /** The document kind as far as the children of an inferring `<Response>` have told it. */
  documentContext: Context | null;
  /** Elements open around the current one; indexes `frames`. */
  depth: number;
  /** User components being expanded around the current position. */
  components: number;
  readonly frames: Frame[];
  /** Refuse characters XML forbids (`TWIML014`) instead of dropping them. */
  strict: boolean;
  /** Whether `Object.prototype` has enumerable properties (another library added some): props then need care. */
  inheritedProps: boolean;
}

const EMPTY = {};

/** Whether a `for…in` over a plain object would visit anything, because `Object.prototype` has enumerable keys. */
export function prototypeHasEnumerables(): boolean {
  for (const _ in EMPTY) return true;
  return false;
}

export function newState(): RenderState {
  return {
    out: "",
    owed: NONE,
    bare: null,
    documentContext: null,
    depth: 0,
    components: 0,
    frames: [],
    strict: false,
    inheritedProps: false,
  };
}

/** The bookkeeping of the element at depth `d`, cleared. */
export function frameAt(s: RenderState, d: number): Frame {
  let f = s.frames[d];
  if (f === undefined) {
    f = { count: 0, text: false, length: 0, tags: [] };
    s.frames[d] = f;
  } else {
    f.count = 0;
    f.text = false;
    f.length = 0;
    if (f.tags.length !== 0) f.tags.length = 0;
  }
  return f;
}

/** What completes the open tag before content; nothing is owed after it. */
export function takeOpening(s: RenderState): string {
  const opening = s.owed === OPEN ? ">" : s.bare!.openEnd;
  s.owed = NONE;
  return opening;
}
