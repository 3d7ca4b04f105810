// The benchmark documents built with the `twilio` package's TwiML builder, as its documentation shows.
import twilio from "twilio";
import type { IvrInput, SmsInput } from "./inputs.js";

const { VoiceResponse, MessagingResponse } = twilio.twiml;

export function ivr(d: IvrInput): string {
  const response = new VoiceResponse();
  const gather = response.gather({
    input: ["speech", "dtmf"],
    numDigits: 1,
    action: d.action,
    hints: d.hints.join(","),
    timeout: 5,
  });
  const greeting = gather.say({ voice: "Polly.Joanna" }, `Hello ${d.callerName}, thank you for calling ${d.company}.`);
  greeting.break({ time: "500ms" });
  greeting.addText("Your account number is ");
  greeting.sayAs({ "interpret-as": "digits" }, d.account);
  greeting.addText(".");
  gather.say({ voice: "Polly.Joanna" }, "").prosody({ rate: "90%" }, "Please listen carefully, as our menu options have changed.");
  for (const o of d.options) {
    const option = gather.say({ voice: "Polly.Joanna" }, `For ${o.label}, press `);
    option.sayAs({ "interpret-as": "digits" }, String(o.digit));
    option.addText(".");
  }
  gather.pause({ length: 1 });
  gather.play(d.holdMusic);
  const goodbye = response.say({ voice: "Polly.Joanna" }, "Sorry, we did not get that.");
  goodbye.break({ strength: "weak" });
  goodbye.addText(`Goodbye, ${d.callerName}!`);
  response.redirect({ method: "POST" }, d.redirect);
  return response.toString();
}

export function sms(d: SmsInput): string {
  const response = new MessagingResponse();
  const message = response.message({ action: d.action }, "");
  message.body(d.body);
  message.media(d.media[0]);
  message.media(d.media[1]);
  return response.toString();
}

export function says(texts: readonly string[]): string {
  const response = new VoiceResponse();
  for (const text of texts) response.say(text);
  return response.toString();
}
