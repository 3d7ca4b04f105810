import { render, type RenderOptions, type TwiMLElement } from "twiml-jsx";
import { defaultAfterForward, defaultForward } from "./forwarding.js";
import { defaultMainMenu } from "./ivr.js";
import { defaultAnswerNextCaller, defaultEnqueueCaller, defaultHoldMusic } from "./queue.js";
import { defaultSmsAutoReply } from "./sms-reply.js";
import { defaultVoicemail } from "./voicemail.js";

export interface Example {
  /** The example file and, when it serves several webhooks, which document. */
  name: string;
  description: string;
  /** The document for the example's default inputs. */
  element: () => TwiMLElement;
  render: (options?: RenderOptions) => string;
}

function example(name: string, description: string, element: () => TwiMLElement): Example {
  return { name, description, element, render: (options) => render(element(), options) };
}

export const examples: readonly Example[] = [
  example("voicemail", "Greets the caller and records a message of up to 20 seconds.", defaultVoicemail),
  example("ivr", "Main menu taking a key press or a spoken keyword, with SSML, an escaped caller name and a retry.", defaultMainMenu),
  example("forwarding", "Rings three phones at once and reports each one's progress.", defaultForward),
  example("forwarding (after dial)", "Served at the <Dial action> URL: nobody answered, so on to voicemail.", defaultAfterForward),
  example("queue (caller)", "Puts the caller in the support queue.", defaultEnqueueCaller),
  example("queue (hold music)", "Served at waitUrl: the caller's place in line, then music until an agent answers.", defaultHoldMusic),
  example("queue (agent)", "Connects an agent to the caller who has waited longest.", defaultAnswerNextCaller),
  example("sms-reply", "Answers the text MENU with the menu and two pictures.", defaultSmsAutoReply),
];
