import { defineElement, type MixedChildren } from "../element.js";
import type { UnlistedValue } from "./props.js";

export interface UnlistedElementProps {
  /** The XML tag to write, e.g. a verb Twilio added after this library's vocabulary. */
  tag: string;
  /** Its attributes, written in order, escaped, with names checked to be XML names. */
  attributes?: Readonly<Record<string, UnlistedValue>> | undefined;
  /** Text and elements; known elements inside keep their attribute checks, but no nesting rule applies. */
  children?: MixedChildren | undefined;
}

/**
 * The escape hatch for tags Twilio adds after this library: written as given, escaped and checked for XML
 * safety, but not validated against the vocabulary.
 *
 * @example
 * render(<VoiceResponse><UnlistedElement tag="Beep" attributes={{ tone: "high" }} /></VoiceResponse>)
 * //=> '<?xml version="1.0" encoding="UTF-8"?><Response><Beep tone="high"/></Response>'
 */
export const UnlistedElement = defineElement<string, UnlistedElementProps>("#unlisted");
