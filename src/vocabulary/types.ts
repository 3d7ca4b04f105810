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
  /**
   * How many child elements of a tag (`*`: of any tag) are allowed or needed. A `warning` limit is one Twilio
   * only warns about (it drops what is over): the static tools report it, the renderer does not refuse it.
   */
  readonly limits?: Readonly<Record<string, ChildLimit>>;
  /** Pairs that must not appear together; `#text` stands for the element's text. */
  readonly exclusive?: readonly (readonly string[])[];
  /** The longest text Twilio takes here, in characters (UTF-16 code units, as Twilio counts them). */
  readonly textLimit?: TextLimit;
  readonly deprecated?: boolean;
  /** For an element of a retired product: what to use instead. It still renders, for documents that must. */
  readonly retired?: string;
  /** Offered by Twilio's own library but not in the public TwiML reference at this position. */
  readonly undocumented?: boolean;
  readonly doc: string;
  /** What the element's text means, when it takes text. */
  readonly textDoc?: string;
  readonly docsUrl?: string;
  readonly attributes: readonly AttributeDef[];
}

/**
 * A documented limit on an element's text. `error`: Twilio fails the call or drops the message, so the renderer
 * refuses it. `warning`: Twilio only logs a warning (and may cut the text), so only the static tools report it.
 */
export interface TextLimit {
  readonly max: number;
  readonly severity: "error" | "warning";
  /** What the text is, for the message: "a queue name", "a message body". */
  readonly what: string;
  /** Twilio's error or warning code for it. */
  readonly twilioCode: number;
  /** The page that documents the limit. */
  readonly docsUrl: string;
}

export interface ChildLimit {
  readonly min?: number;
  readonly max?: number;
  readonly severity?: "warning";
}
