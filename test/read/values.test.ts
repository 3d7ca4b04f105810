import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Play, TwiMLError, VoiceResponse, render } from "twiml-jsx";
import { jsx } from "twiml-jsx/jsx-runtime";
import { lint, parse } from "twiml-jsx/read";
import { ELEMENTS } from "../../src/vocabulary/index.js";

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

/** The TWIML005 message `render(parse(xml))` throws, or undefined when it throws none. */
function thrownValueError(xml: string): string | undefined {
  try {
    render(parse(xml));
  } catch (e) {
    if (!(e instanceof TwiMLError)) throw e;
    return e.code === "TWIML005" ? e.message : undefined;
  }
  return undefined;
}

const valueErrors = (xml: string): string[] =>
  lint(xml)
    .filter((p) => p.code === "TWIML005")
    .map((p) => p.message);

/** Both lint and the renderer refuse the document's one attribute value with this message. */
function expectRefusedByBoth(xml: string, message: string): void {
  expect(valueErrors(xml)).toEqual([message]);
  expect(thrownValueError(xml)).toBe(message);
}

describe("attribute values: lint and the renderer give one verdict and one message", () => {
  // Every typed attribute of every element form, each under an unknown element so that no nesting rule applies.
  const attributes = ELEMENTS.filter((d) => d.kind !== "root").flatMap((d) => d.attributes.map((a) => ({ tag: d.tag, a })));
  const item = fc.constantFrom("", "0", "1", "-1", "007", "59", "60", "1000", "9007199254740993", "1e3", "1.5", " ", "true", "x");
  const enumItem = fc.constantFrom(...new Set(ELEMENTS.flatMap((d) => d.attributes.flatMap((a) => a.values ?? []))));
  const text = fc.oneof(
    item,
    enumItem,
    fc.array(fc.oneof(item, enumItem), { minLength: 2, maxLength: 3 }).map((items) => items.join(" ")),
    fc.array(fc.oneof(item, enumItem), { minLength: 2, maxLength: 3 }).map((items) => items.join(",")),
    fc.stringMatching(/^[0-9.a-z*#wW ]{0,6}$/),
  );

  test("lint reports a value exactly when the renderer refuses the prop parse makes of it, with its message", () => {
    fc.assert(
      fc.property(fc.constantFrom(...attributes), text, ({ tag, a }, value) => {
        const xml = `<Response><Wrapper><${tag} ${a.name}="${value}"/></Wrapper></Response>`;
        const thrown = thrownValueError(xml);
        expect(valueErrors(xml)).toEqual(thrown === undefined ? [] : [thrown]);
      }),
      { numRuns: 3000 },
    );
  }, 60_000);

  test("an integer below its range is shown as the number it reads as, by both", () => {
    // https://www.twilio.com/docs/voice/twiml/pause: `length` is a number of seconds, at least 1.
    const xml = '<Response><Pause length="-1"/></Response>';
    expectRefusedByBoth(xml, "<Pause length={-1}> is not valid: expected a whole number of at least 1 at Response > Pause");
  });

  test("a list of whole numbers written with leading zeros renders back as written", () => {
    const xml = `${XML}<Response><Pay><Prompt for="payment-card-number" attempt="007 2"/></Pay></Response>`;
    expect(valueErrors(xml)).toEqual([]);
    expect(render(parse(xml))).toBe(xml);
  });

  test("a number too large to be written as digits is not a whole number", () => {
    // `String(1e21)` is "1e+21", which no integer attribute takes.
    const xml = '<Response><Play loop="1000000000000000000000">a.mp3</Play></Response>';
    const message = '<Play loop={"1000000000000000000000"}> is not valid: expected a whole number of at least 0 at Response > Play';
    expect(valueErrors(xml)).toEqual([message]);
    expect(thrownValueError(xml)).toBe(message);
  });

  test("the renderer refuses a number past 2^53 for a whole number, which it would write as 1e+21", () => {
    const element = jsx(VoiceResponse, { children: jsx(Play, { loop: 1e21, children: "a.mp3" }) });
    let message: string | undefined;
    try {
      render(element);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe("<Play loop={1e+21}> is not valid: expected a whole number of at least 0 at Response > Play");
  });
});
