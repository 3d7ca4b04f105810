/** Which family of webhooks a document answers. */
export type Context = "voice" | "messaging" | "fax";

/**
 * How an attribute's value is written and checked.
 * `url` is a string the platform fetches; lists are written space-separated unless `separator` says otherwise.
 */
export type AttributeType = "string" | "url" | "integer" | "integer-list" | "boolean" | "enum" | "enum-list";

export interface AttributeDef {
  readonly name: string;
  readonly type: AttributeType;
  /** The only values an `enum` or `enum-list` accepts. */
  readonly values?: readonly string[];
  /** Values the editor suggests for an open string; any string is accepted. */
  readonly suggested?: readonly string[];
  /** Name of a long suggestion list in `suggestions.ts`. */
  readonly suggest?: string;
  /** Separator for a string attribute that also takes an array (hint lists use commas). */
  readonly separator?: ",";
  readonly required?: boolean;
  readonly default?: string | number | boolean;
  readonly min?: number;
  readonly max?: number;
  /** A regular expression the whole value must match. */
  readonly pattern?: string;
  readonly deprecated?: boolean;
  /** One line for editor hover: meaning, unit, default. */
  readonly doc: string;
}

/**
 * Whether an element carries character data: `none`, `optional`, `required` (non-empty text),
 * or `content` (non-empty, but text, child elements or both will do, as for `<Say>` and SSML).
 */
export type TextMode = "none" | "optional" | "required" | "content";

export interface ElementDef {
  readonly tag: string;
  readonly context: Context;
  readonly kind: "root" | "verb" | "noun" | "ssml";
  /** Tags that may hold this element in this form. */
  readonly parents: readonly string[];
  /** Tags this element may hold. */
  readonly children: readonly string[];
  readonly text: TextMode;
  /** Text or child elements, never both (e.g. a number as text, or `<Number>` children). */
  readonly textOrChildren?: boolean;
  /** Child tags that must be the only child element when present. */
  readonly alone?: readonly string[];
  /** How many child elements of a tag (`*`: of any tag) are allowed or needed. */
  readonly limits?: Readonly<Record<string, { readonly min?: number; readonly max?: number }>>;
  /** Pairs that must not appear together; `#text` stands for the element's text. */
  readonly exclusive?: readonly (readonly string[])[];
  readonly deprecated?: boolean;
  /** Offered by Twilio's own library but not in the public TwiML reference at this position. */
  readonly undocumented?: boolean;
  readonly doc: string;
  /** What the element's text means, when it takes text. */
  readonly textDoc?: string;
  readonly docsUrl?: string;
  readonly attributes: readonly AttributeDef[];
}
