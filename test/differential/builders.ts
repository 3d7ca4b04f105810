import twilio from "twilio";

/** Twilio's own TwiML builders: the reference our output must match byte for byte. */
export const { VoiceResponse, MessagingResponse, FaxResponse } = twilio.twiml;

/**
 * A builder node seen as what it is at run time: one method per child tag, taking the attributes and,
 * for elements that hold text, the text as second argument.
 */
export interface BuilderNode {
  toString(): string;
  [method: string]: unknown;
}

type AddChild = (this: BuilderNode, attributes: Record<string, unknown>, text?: string) => BuilderNode;

/** The builder method for a tag: lowerCamel, with SSML's `say-as` as `sayAs`. */
export function builderMethod(tag: string): string {
  return tag[0]!.toLowerCase() + tag.slice(1).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Adds a child element through the builder method named after its tag. */
export function addChild(parent: BuilderNode, tag: string, attributes: Record<string, unknown>, text?: string): BuilderNode {
  const method = parent[builderMethod(tag)];
  if (typeof method !== "function") {
    throw new Error(`Twilio's builder has no ${builderMethod(tag)}() for <${tag}> at this position`);
  }
  return (method as AddChild).call(parent, attributes, text);
}
