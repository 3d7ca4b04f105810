// The benchmark documents as hand-written template literals: the fastest thing a careful developer would
// write by hand, with every dynamic value escaped the way Twilio's builder escapes it.
import type { IvrInput, SmsInput } from "./inputs.js";

const TEXT_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;" };
const ATTRIBUTE_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  '"': "&quot;",
  "\t": "&#x9;",
  "\n": "&#xA;",
  "\r": "&#xD;",
};

const text = (s: string): string => s.replace(/[&<>\r]/g, (c) => TEXT_ENTITIES[c]!);
const attribute = (s: string): string => s.replace(/[&<"\t\n\r]/g, (c) => ATTRIBUTE_ENTITIES[c]!);

export function ivr(d: IvrInput): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="speech dtmf" numDigits="1" action="${attribute(d.action)}" hints="${attribute(d.hints.join(","))}" timeout="5"><Say voice="Polly.Joanna">Hello ${text(d.callerName)}, thank you for calling ${text(d.company)}.<break time="500ms"/>Your account number is <say-as interpret-as="digits">${text(d.account)}</say-as>.</Say><Say voice="Polly.Joanna"><prosody rate="90%">Please listen carefully, as our menu options have changed.</prosody></Say>${d.options
    .map((o) => `<Say voice="Polly.Joanna">For ${text(o.label)}, press <say-as interpret-as="digits">${o.digit}</say-as>.</Say>`)
    .join(
      "",
    )}<Pause length="1"/><Play>${text(d.holdMusic)}</Play></Gather><Say voice="Polly.Joanna">Sorry, we did not get that.<break strength="weak"/>Goodbye, ${text(d.callerName)}!</Say><Redirect method="POST">${text(d.redirect)}</Redirect></Response>`;
}

export function sms(d: SmsInput): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Message action="${attribute(d.action)}"><Body>${text(d.body)}</Body><Media>${text(d.media[0])}</Media><Media>${text(d.media[1])}</Media></Message></Response>`;
}

export function says(texts: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${texts.map((t) => `<Say>${text(t)}</Say>`).join("")}</Response>`;
}
