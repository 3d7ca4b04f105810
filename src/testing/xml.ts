// Placeholder: the strict TwiML parser is being written.
export interface XmlElement {
  readonly name: string;
  /** Attributes in document order. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

export class XmlParseError extends Error {
  constructor(
    message: string,
    /** Offset in the text where parsing failed. */
    readonly offset: number,
  ) {
    super(message);
    this.name = "XmlParseError";
  }
}

/** Parses a TwiML document (XML 1.0, one root element) strictly. Throws `XmlParseError`. */
export function parseXml(text: string): XmlElement {
  void text;
  throw new XmlParseError("not implemented", 0);
}
