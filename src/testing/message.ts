// The messaging simulator: delivers one inbound message to the app and collects the replies its TwiML sends.
import { CookieJar } from "./cookies.js";
import { invalidUrl, resolveUrl, Session, sid } from "./request.js";
import { textOf } from "./speech.js";
import type { IncomingMedia, MessageResult, SentMessage, SimulateMessageOptions } from "./types.js";
import type { XmlElement } from "../xml/parse.js";

/** Twilio keeps a number pair's SMS cookies four hours (https://support.twilio.com/hc/en-us/articles/223136287-How-do-Twilio-cookies-work). */
const COOKIE_LIFETIME_MS = 4 * 60 * 60 * 1000;

/**
 * Messages between the same numbers over time. Pass one conversation to several `simulateMessage` calls and
 * the cookies the app sets travel from message to message of the same From/To pair, for four hours at most,
 * as Twilio keeps them.
 * @example
 * const conversation = new Conversation();
 * await simulateMessage({ app, from, to, body: "START", conversation });
 * await simulateMessage({ app, from, to, body: "2", conversation }); // carries the cookie set by the first reply
 */
export class Conversation {
  private readonly jars = new Map<string, CookieJar>();
  private delivered = 0;

  /** `now` is the clock the cookies' lifetime is measured by (milliseconds since the epoch). */
  constructor(private readonly now: () => number = Date.now) {}

  /** How many messages the conversation delivered before this one: each gets a SID of its own. */
  next(): number {
    return this.delivered++;
  }

  /** The cookie jar of one From/To pair. */
  jar(from: string, to: string): CookieJar {
    const pair = `${from}\n${to}`;
    let jar = this.jars.get(pair);
    if (jar === undefined) {
      jar = new CookieJar(this.now, COOKIE_LIFETIME_MS);
      this.jars.set(pair, jar);
    }
    return jar;
  }
}

/** Twilio sends at most this many `<Message>` replies to one inbound message (warning 14109). */
const MAX_REPLIES = 10;

// GSM 03.38: the basic set costs one septet, the extension set two. Anything else makes the message UCS-2.
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "\f^{}\\[~]|€";

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  bmp: "image/bmp",
  heic: "image/heic",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  wav: "audio/wav",
  amr: "audio/amr",
  mp4: "video/mp4",
  mov: "video/quicktime",
  "3gp": "video/3gpp",
  pdf: "application/pdf",
  vcf: "text/vcard",
  txt: "text/plain",
};

/**
 * Delivers an inbound SMS/MMS: requests the app's document with Twilio's parameters, follows `<Redirect>`s,
 * and returns the `<Message>` (and legacy `<Sms>`) replies it sends. `<Message action>` is a status
 * callback, so it is not requested; other verbs are ignored, as Twilio ignores them (warning 14110), and
 * replies beyond the tenth are dropped (warning 14109). A `text/plain` reply is sent back as one message.
 *
 * @example
 * const result = await simulateMessage({ app: webhook(echo), from: "+15550001111", to: "+15550002222", body: "hi" });
 * result.replies[0].body //=> "You said: hi"
 */
export async function simulateMessage(options: SimulateMessageOptions): Promise<MessageResult> {
  let result: MessageResult;
  const replies: SentMessage[] = [];
  const params = messageParams(options);
  const session = new Session({
    app: options.app,
    authToken: options.authToken,
    timeout: options.timeout,
    cookies: options.conversation?.jar(options.from, options.to),
    seed: params.MessageSid!,
    onEvent: options.onEvent,
  });
  try {
    result = await deliver(options, params, session, replies);
  } catch (error) {
    const message = `the simulation failed: ${error instanceof Error ? error.message : String(error)}`;
    result = { replies, requests: session.requests, end: "error", error: { code: 0, message } };
  }
  try {
    options.onEvent?.({ type: "end", result });
  } catch {
    // The result is returned all the same: a listener's failure cannot change how the message went.
  }
  return result;
}

async function deliver(
  options: SimulateMessageOptions,
  params: Readonly<Record<string, string>>,
  session: Session,
  replies: SentMessage[],
): Promise<MessageResult> {
  const result = (error?: MessageResult["error"]): MessageResult => {
    const base = { replies, requests: session.requests };
    return error === undefined ? { ...base, end: "completed" } : { ...base, end: "error", error };
  };
  const reply = (message: Omit<SentMessage, "to" | "from"> & { to?: string; from?: string }): void => {
    if (replies.length === MAX_REPLIES) return;
    const sent = { ...message, to: message.to ?? options.from, from: message.from ?? options.to };
    replies.push(sent);
    options.onEvent?.({ type: "reply", message: sent });
  };

  const maxSteps = options.maxSteps ?? 50;
  let next: { method: "GET" | "POST"; url: string } | null = {
    method: options.method ?? "POST",
    url: options.url ?? "http://localhost/",
  };
  for (let documents = 0; next !== null; documents++) {
    if (documents === maxSteps) {
      return result({
        code: 14106,
        message: `Message reply session fetched too many documents: ${maxSteps} (maxSteps) without ending; is there a <Redirect> loop?`,
      });
    }
    const document = await session.fetch(next.method, next.url, params);
    if (document.kind === "error") return result(document.error);
    if (document.kind === "audio") {
      return result({
        code: 12300,
        message: `Invalid Content-Type: ${next.method} ${document.url} answered audio, which messaging cannot reply with`,
      });
    }
    if (document.kind === "text") {
      reply({ body: document.text, media: [], attributes: {} });
      return result();
    }
    next = null;
    for (const verb of document.root.children) {
      if (typeof verb === "string") continue;
      if (verb.name === "Message" || verb.name === "Sms") {
        reply(replyOf(verb));
      } else if (verb.name === "Redirect") {
        const url = resolveUrl(textOf(verb), document.url);
        if (url === null) return result(invalidUrl(textOf(verb), document.url));
        next = { method: verb.attributes.method?.toUpperCase() === "GET" ? "GET" : "POST", url };
        break;
      }
    }
  }
  return result();
}

function messageParams(options: SimulateMessageOptions): Record<string, string> {
  const media: IncomingMedia[] = (options.media ?? []).map((item) =>
    typeof item === "string" ? { url: item, contentType: mediaType(item) } : item,
  );
  // Twilio gives messages with media an `MM` SID.
  const order = options.conversation === undefined ? "" : `:${options.conversation.next()}`;
  const messageSid = sid(media.length > 0 ? "MM" : "SM", `message:${options.from}:${options.to}:${options.body}${order}`);
  const params: Record<string, string> = {
    AccountSid: sid("AC", `account:${options.authToken ?? ""}`),
    ApiVersion: "2010-04-01",
    Body: options.body,
    From: options.from,
    FromCity: "",
    FromCountry: "",
    FromState: "",
    FromZip: "",
    MessageSid: messageSid,
    ...(options.messagingServiceSid !== undefined && { MessagingServiceSid: options.messagingServiceSid }),
    NumMedia: String(media.length),
    NumSegments: String(segments(options.body)),
    SmsMessageSid: messageSid,
    SmsSid: messageSid,
    SmsStatus: "received",
    To: options.to,
    ToCity: "",
    ToCountry: "",
    ToState: "",
    ToZip: "",
  };
  media.forEach(({ url, contentType }, index) => {
    params[`MediaUrl${index}`] = url;
    params[`MediaContentType${index}`] = contentType;
  });
  return { ...params, ...options.params };
}

function replyOf(message: XmlElement): Omit<SentMessage, "to" | "from"> & { to?: string; from?: string } {
  const elements = message.children.filter((child): child is XmlElement => typeof child !== "string");
  const body = elements.find((child) => child.name === "Body");
  const { to, from } = message.attributes;
  return {
    ...(to !== undefined && { to }),
    ...(from !== undefined && { from }),
    body: textOf(body ?? message),
    media: elements.filter((child) => child.name === "Media").map(textOf),
    attributes: { ...message.attributes },
  };
}

/**
 * The content type Twilio would report for a media URL, guessed from its extension.
 * @example
 * mediaType("https://example.com/cat.JPG?size=2") //=> "image/jpeg"
 */
export function mediaType(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // Not an absolute URL: guess from the text as given.
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? "";
  return MEDIA_TYPES[extension] ?? "application/octet-stream";
}

/**
 * How many SMS segments the body takes: 160 GSM-7 septets in one, 153 each when split; 70 UCS-2 units in one,
 * 67 each when split.
 * @example
 * segments("a".repeat(161)) //=> 2
 */
export function segments(body: string): number {
  let septets = 0;
  for (const char of body) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENDED.includes(char)) septets += 2;
    else return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}
