// The README's migration example: the converted component and the hand-written one render the old document.
import { expect, test } from "vitest";
import { Gather, Redirect, Say, VoiceResponse, render, type TwiMLElement } from "twiml-jsx";
import { parse, toTSX } from "twiml-jsx/read";
import { compileAndRender } from "./compile.js";

const BEFORE = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
    <Gather input="speech dtmf" numDigits="1" action="/menu?step=2&amp;lang=en" hints="sales,support">
        <Say voice="Polly.Joanna">Press 1 for sales, 2 for support.</Say>
    </Gather>
    <Say>We did not get that.</Say>
    <Redirect>/menu</Redirect>
</Response>`;

function Menu({ options, lang }: { options: readonly string[]; lang: string }): TwiMLElement {
  return (
    <VoiceResponse>
      <Gather input={["speech", "dtmf"]} numDigits={1} action={`/menu?step=2&lang=${lang}`} hints={options}>
        <Say voice="Polly.Joanna">Press {options.map((o, i) => `${i + 1} for ${o}`).join(", ")}.</Say>
      </Gather>
      <Say>We did not get that.</Say>
      <Redirect>/menu</Redirect>
    </VoiceResponse>
  );
}

test("the hand-written component renders the old document", () => {
  expect(render(<Menu options={["sales", "support"]} lang="en" />)).toBe(render(parse(BEFORE)));
});

test("the converted component renders the old document", async () => {
  const { diagnostics, rendered } = await compileAndRender(new Map([["menu", toTSX(BEFORE, { name: "Menu" })]]));
  expect([diagnostics, rendered.get("menu")]).toEqual([[], render(parse(BEFORE))]);
}, 60_000);
