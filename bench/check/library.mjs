// The fixed part of the generated project: plain TypeScript utilities and the shared TSX components every
// tenant builds on, from SSML snippets up to whole-document layouts, so user components nest three or four
// levels deep and forward their children into library elements.

/** Plain TypeScript modules under src/lib/. */
export const LIB = {
  "src/lib/phone.ts": `export type E164 = \`+\${string}\`;

const NON_DIGITS = /\\D+/g;

export function isE164(value: string): value is E164 {
  return /^\\+[1-9]\\d{7,14}$/.test(value);
}

/** Normalises a number typed by a person ("(415) 555-0100") to E.164, assuming the given country code. */
export function toE164(raw: string, countryCode = "1"): E164 {
  const digits = raw.replace(NON_DIGITS, "");
  const withCountry = digits.startsWith(countryCode) && digits.length > 10 ? digits : countryCode + digits;
  const candidate = \`+\${withCountry}\`;
  if (!isE164(candidate)) throw new Error(\`not a phone number: \${raw}\`);
  return candidate;
}

/** The last digits of a number, for reading out ("ending in 0100"). */
export function lastDigits(value: string, count = 4): string {
  return value.replace(NON_DIGITS, "").slice(-count);
}
`,
  "src/lib/hours.ts": `export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface OpeningHours {
  readonly days: readonly Weekday[];
  /** Minutes after midnight, local time. */
  readonly opens: number;
  readonly closes: number;
  readonly timeZoneOffsetMinutes: number;
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

function localMinutes(at: Date, offset: number): { day: Weekday; minutes: number } {
  const shifted = new Date(at.getTime() + offset * 60_000);
  return { day: shifted.getUTCDay() as Weekday, minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
}

export function isOpen(hours: OpeningHours, at: Date): boolean {
  const { day, minutes } = localMinutes(at, hours.timeZoneOffsetMinutes);
  return hours.days.includes(day) && minutes >= hours.opens && minutes < hours.closes;
}

export function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const suffix = h >= 12 ? "pm" : "am";
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return m === 0 ? \`\${h12}\${suffix}\` : \`\${h12}:\${String(m).padStart(2, "0")}\${suffix}\`;
}

export function dayName(day: Weekday): string {
  return DAY_NAMES[day];
}

/** "Monday to Friday, 9am to 5pm", one sentence per run of consecutive days. */
export function describeHours(hours: OpeningHours): string[] {
  const runs: Weekday[][] = [];
  for (const day of [...hours.days].sort()) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[last.length - 1] === day - 1) last.push(day);
    else runs.push([day]);
  }
  return runs.map((run) => {
    const first = dayName(run[0] ?? 0);
    const span = run.length === 1 ? first : \`\${first} to \${dayName(run[run.length - 1] ?? 0)}\`;
    return \`\${span}, \${clock(hours.opens)} to \${clock(hours.closes)}\`;
  });
}
`,
  "src/lib/routing.ts": `import type { E164 } from "./phone.js";

export type DepartmentKind = "ring-group" | "agents" | "sip" | "queue";

export interface Department {
  readonly key: string;
  readonly digit: number;
  readonly keyword: string;
  /** As spoken: "For {label}, press…". */
  readonly label: string;
  readonly kind: DepartmentKind;
  readonly numbers: readonly E164[];
  readonly agents: readonly string[];
  readonly sipUri?: string;
  readonly queue?: string;
}

export interface Choice {
  readonly digits?: string | undefined;
  readonly speech?: string | undefined;
}

/** The department a key press or spoken word picks, if any. */
export function findDepartment(departments: readonly Department[], choice: Choice): Department | undefined {
  if (choice.digits !== undefined && choice.digits !== "") {
    const digit = Number(choice.digits);
    return departments.find((d) => d.digit === digit);
  }
  const words = (choice.speech ?? "").toLowerCase().split(/\\W+/);
  return departments.find((d) => words.includes(d.keyword));
}
`,
  "src/lib/urls.ts": `export type QueryValue = string | number | boolean | undefined;

/** A path on this application's webhook server, with the query parameters that are defined. */
export function webhook(tenant: string, path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
  const search = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => \`\${encodeURIComponent(name)}=\${encodeURIComponent(String(value))}\`)
    .join("&");
  return \`/t/\${tenant}/\${path}\${search === "" ? "" : \`?\${search}\`}\`;
}

export function asset(tenant: string, file: string): string {
  return \`https://assets.example.com/\${tenant}/\${encodeURIComponent(file)}\`;
}
`,
  "src/lib/retry.ts": `export interface Attempt {
  readonly again: boolean;
  readonly next: number;
}

/** Whether a prompt the caller did not answer plays once more. */
export function nextAttempt(attempt: number, max: number): Attempt {
  return { again: attempt < max, next: attempt + 1 };
}
`,
  "src/lib/keywords.ts": `export type Keyword = "HOURS" | "ADDRESS" | "MENU" | "HELP" | "STOP" | "START" | "STATUS" | "OTHER";

const KNOWN: ReadonlySet<string> = new Set(["HOURS", "ADDRESS", "MENU", "HELP", "STOP", "START", "STATUS"]);

/** The first word of an incoming text, upper-cased, if it is a keyword this app answers. */
export function keywordOf(body: string): Keyword {
  const first = body.trim().split(/\\s+/)[0]?.toUpperCase() ?? "";
  return KNOWN.has(first) ? (first as Keyword) : "OTHER";
}

export function restOf(body: string): string {
  return body.trim().split(/\\s+/).slice(1).join(" ");
}
`,
  "src/lib/wait.ts": `/** Expected wait in seconds for the caller at \`position\`, with \`agents\` answering in parallel. */
export function estimateWait(position: number, agents: number, averageHandleSeconds: number): number {
  return Math.ceil(position / Math.max(agents, 1)) * averageHandleSeconds;
}

export function describeWait(seconds: number): string {
  if (seconds < 60) return "less than a minute";
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? "about one minute" : \`about \${minutes} minutes\`;
}
`,
  "src/lib/strings.ts": `/** "a, b and c" */
export function spokenList(items: readonly string[], conjunction = "and"): string {
  if (items.length <= 1) return items.join("");
  return \`\${items.slice(0, -1).join(", ")} \${conjunction} \${items[items.length - 1]}\`;
}

export function capitalize(text: string): string {
  return text === "" ? text : text[0]?.toUpperCase() + text.slice(1);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : \`\${text.slice(0, max - 1)}…\`;
}
`,
  "src/lib/voices.ts": `import type { SayProps } from "twiml-jsx";

export type Locale = "en-US" | "en-GB" | "es-US" | "fr-CA";
export type Voice = SayProps["voice"];

export const DEFAULT_VOICE: Readonly<Record<Locale, Voice>> = {
  "en-US": "Polly.Joanna",
  "en-GB": "Polly.Amy",
  "es-US": "Polly.Lupe",
  "fr-CA": "Polly.Chantal",
};

export function isPolly(voice: Voice): boolean {
  return voice !== undefined && voice.startsWith("Polly.");
}
`,
  "src/lib/tenant.ts": `import type { OpeningHours } from "./hours.js";
import type { E164 } from "./phone.js";
import type { Department } from "./routing.js";
import type { Locale, Voice } from "./voices.js";

export interface TenantConfig {
  readonly id: string;
  readonly displayName: string;
  readonly tagline: string;
  readonly locale: Locale;
  readonly voice: Voice;
  readonly callerId: E164;
  readonly hours: OpeningHours;
  readonly departments: readonly Department[];
  readonly mainQueue: string;
  readonly workflowSid: string;
  readonly holdMusic: readonly string[];
  readonly smsMedia: readonly string[];
  readonly address: string;
  readonly secondLanguage?: { readonly code: "es-US" | "fr-CA"; readonly prompt: string; readonly digit: number };
  readonly recordCalls: boolean;
  readonly maxAttempts: number;
}
`,
  "src/lib/ids.ts": `/** A short, stable tag for a call, for logs and recording names. */
export function callTag(callSid: string): string {
  let hash = 0;
  for (let i = 0; i < callSid.length; i++) hash = (hash * 31 + callSid.charCodeAt(i)) >>> 0;
  return hash.toString(36).padStart(7, "0");
}

export function roomName(tenant: string, key: string): string {
  return \`\${tenant}-\${key}\`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
}
`,
  "src/lib/money.ts": `export interface Amount {
  readonly cents: number;
  readonly currency: "usd" | "cad" | "gbp";
}

/** Twilio's <Pay chargeAmount> wants a decimal string. */
export function chargeAmount(amount: Amount): string {
  return (amount.cents / 100).toFixed(2);
}

export function spokenAmount(amount: Amount): string {
  const whole = Math.floor(amount.cents / 100);
  const cents = amount.cents % 100;
  const unit = amount.currency === "gbp" ? "pounds" : "dollars";
  return cents === 0 ? \`\${whole} \${unit}\` : \`\${whole} \${unit} and \${cents} cents\`;
}
`,
};

/** Re-exports under other names, as apps do to avoid shadowing the \`Number\` and \`Response\` globals. */
export const BARREL = {
  "src/twiml.ts": `export * from "twiml-jsx";
export { Say as Speak, Number as DialNumber, Response as TwimlResponse } from "twiml-jsx";
`,
};

/** Shared components under src/components/. */
export const COMPONENTS = {
  // SSML pieces: each is placed inside a <Say> by its caller.
  "src/components/speech/Digits.tsx": `export function Digits({ value }: { value: string | number }) {
  return <say-as interpret-as="digits">{value}</say-as>;
}
`,
  "src/components/speech/Telephone.tsx": `import { lastDigits } from "../../lib/phone.js";

export function Telephone({ number, partial = false }: { number: string; partial?: boolean }) {
  return partial ? (
    <>
      ending in <say-as interpret-as="digits">{lastDigits(number)}</say-as>
    </>
  ) : (
    <say-as interpret-as="telephone">{number}</say-as>
  );
}
`,
  "src/components/speech/Beat.tsx": `import type { TwiMLElement } from "twiml-jsx";

export function Beat({ long = false }: { long?: boolean }): TwiMLElement {
  return long ? <break strength="strong" /> : <break time="300ms" />;
}
`,
  "src/components/speech/Stress.tsx": `import type { TwiMLNode } from "twiml-jsx";

export function Stress({ children, strong = false }: { children: TwiMLNode; strong?: boolean }) {
  return <emphasis level={strong ? "strong" : "moderate"}>{children}</emphasis>;
}
`,
  "src/components/speech/Slow.tsx": `import type { TwiMLElement, TwiMLNode } from "twiml-jsx";

export function Slow({ children, rate = "90%" }: { children: TwiMLNode; rate?: string }): TwiMLElement {
  return <prosody rate={rate}>{children}</prosody>;
}
`,
  "src/components/speech/Abbreviation.tsx": `export function Abbreviation({ short, long }: { short: string; long: string }) {
  return <sub alias={long}>{short}</sub>;
}
`,
  "src/components/speech/Foreign.tsx": `import type { TwiMLNode } from "twiml-jsx";

export function Foreign({ code, children }: { code: "es-US" | "fr-CA"; children: TwiMLNode }) {
  return <lang xml:lang={code}>{children}</lang>;
}
`,
  "src/components/speech/Sentences.tsx": `import type { TwiMLElement } from "twiml-jsx";

/** One paragraph, one SSML sentence per line. */
export function Sentences({ lines }: { lines: readonly string[] }): TwiMLElement {
  return (
    <p>
      {lines.map((line) => (
        <s>{line}</s>
      ))}
    </p>
  );
}
`,
  "src/components/speech/SpokenList.tsx": `import { Fragment } from "twiml-jsx";

/** Reads items with a short pause between them. */
export function SpokenList({ items }: { items: readonly string[] }) {
  return (
    <>
      {items.map((item, i) => (
        <Fragment key={item}>
          {item}
          {i < items.length - 1 && <break time="200ms" />}
        </Fragment>
      ))}
    </>
  );
}
`,
  "src/components/speech/Whisper.tsx": `import type { TwiMLNode } from "twiml-jsx";

export function Whisper({ children }: { children: TwiMLNode }) {
  return <amazon:effect name="whispered">{children}</amazon:effect>;
}
`,
  // Verbs and small groups of verbs.
  "src/components/voice/Announce.tsx": `import { Say, type TwiMLElement, type TwiMLNode } from "twiml-jsx";
import type { Voice } from "../../lib/voices.js";

export interface AnnounceProps {
  voice?: Voice;
  language?: string;
  loop?: number;
  children: TwiMLNode;
}

export function Announce({ voice, language, loop, children }: AnnounceProps): TwiMLElement {
  return (
    <Say voice={voice} language={language} loop={loop}>
      {children}
    </Say>
  );
}
`,
  "src/components/voice/OptionLine.tsx": `import type { Department } from "../../lib/routing.js";
import { Beat } from "../speech/Beat.js";
import { Digits } from "../speech/Digits.js";
import { Stress } from "../speech/Stress.js";

/** "For sales, press 1 or say sales." */
export function OptionLine({ option, speech }: { option: Department; speech: boolean }) {
  return (
    <>
      For {option.label}, press <Digits value={option.digit} />
      {speech && (
        <>
          {" "}
          or say <Stress>{option.keyword}</Stress>
        </>
      )}
      .
      <Beat />
    </>
  );
}
`,
  "src/components/voice/MenuPrompt.tsx": `import { Gather, Pause, Say, type TwiMLElement, type TwiMLNode } from "twiml-jsx";
import type { Department } from "../../lib/routing.js";
import type { Voice } from "../../lib/voices.js";
import { OptionLine } from "./OptionLine.js";

export interface MenuPromptProps {
  options: readonly Department[];
  action: string;
  voice?: Voice;
  speech?: boolean;
  /** Spoken before the options, inside the same <Say>. */
  children?: TwiMLNode;
  pauseAfter?: number;
}

/** Reads the options and waits for one key press (or keyword). */
export function MenuPrompt({ options, action, voice, speech = true, children, pauseAfter }: MenuPromptProps): TwiMLElement {
  return (
    <Gather
      input={speech ? ["dtmf", "speech"] : "dtmf"}
      numDigits={1}
      action={action}
      hints={speech ? options.map((o) => o.keyword) : undefined}
      timeout={5}
    >
      <Say voice={voice}>
        {children}
        {options.map((option) => (
          <OptionLine option={option} speech={speech} />
        ))}
      </Say>
      {pauseAfter !== undefined && <Pause length={pauseAfter} />}
    </Gather>
  );
}
`,
  "src/components/voice/RetryOrGoodbye.tsx": `import { Hangup, Redirect, Say } from "twiml-jsx";
import { nextAttempt } from "../../lib/retry.js";
import type { Voice } from "../../lib/voices.js";

export interface RetryOrGoodbyeProps {
  attempt: number;
  max: number;
  /** Where the prompt is served, without the attempt parameter. */
  retryUrl: (attempt: number) => string;
  voice?: Voice;
}

/** The end of a prompt the caller did not answer: play it again, or say goodbye. Must come last. */
export function RetryOrGoodbye({ attempt, max, retryUrl, voice }: RetryOrGoodbyeProps) {
  const { again, next } = nextAttempt(attempt, max);
  return again ? (
    <>
      <Say voice={voice}>Sorry, I didn't catch that.</Say>
      <Redirect>{retryUrl(next)}</Redirect>
    </>
  ) : (
    <>
      <Say voice={voice}>Sorry, I still didn't get that. Goodbye.</Say>
      <Hangup />
    </>
  );
}
`,
  "src/components/voice/RingGroup.tsx": `import { Dial, Number, type TwiMLElement } from "twiml-jsx";

export interface RingGroupProps {
  numbers: readonly string[];
  callerId: string;
  action?: string;
  timeout?: number;
  /** Ring one after the other instead of all at once. */
  sequential?: boolean;
  whisperUrl?: string;
}

export function RingGroup({ numbers, callerId, action, timeout = 20, sequential = false, whisperUrl }: RingGroupProps): TwiMLElement {
  return (
    <Dial callerId={callerId} action={action} timeout={timeout} sequential={sequential} answerOnBridge>
      {numbers.map((n) => (
        <Number url={whisperUrl} statusCallbackEvent={["initiated", "answered", "completed"]}>
          {n}
        </Number>
      ))}
    </Dial>
  );
}
`,
  "src/components/voice/AgentDial.tsx": `import { Client, Dial, Identity, Parameter, type TwiMLElement } from "twiml-jsx";

export interface AgentDialProps {
  agents: readonly string[];
  callerId: string;
  context: Readonly<Record<string, string>>;
  action?: string;
}

/** Rings the agents' browser or app clients, passing call context as custom parameters. */
export function AgentDial({ agents, callerId, context, action }: AgentDialProps): TwiMLElement {
  const parameters = Object.entries(context).map(([name, value]) => <Parameter name={name} value={value} />);
  return (
    <Dial callerId={callerId} action={action} timeout={25}>
      {agents.map((agent) => (
        <Client>
          <Identity>{agent}</Identity>
          {parameters}
        </Client>
      ))}
    </Dial>
  );
}
`,
  "src/components/voice/SipTransfer.tsx": `import { Dial, Sip, type TwiMLElement } from "twiml-jsx";

export function SipTransfer({ uri, callerId, username }: { uri: string; callerId: string; username?: string }): TwiMLElement {
  return (
    <Dial callerId={callerId} timeout={30}>
      <Sip username={username}>{uri}</Sip>
    </Dial>
  );
}
`,
  "src/components/voice/ConferenceBridge.tsx": `import { Conference, Dial, type TwiMLElement } from "twiml-jsx";

export interface ConferenceBridgeProps {
  room: string;
  moderator: boolean;
  waitUrl?: string;
  statusCallback?: string;
}

export function ConferenceBridge({ room, moderator, waitUrl, statusCallback }: ConferenceBridgeProps): TwiMLElement {
  return (
    <Dial>
      <Conference
        startConferenceOnEnter={moderator}
        endConferenceOnExit={moderator}
        beep={moderator ? "onEnter" : "false"}
        waitUrl={waitUrl}
        statusCallback={statusCallback}
        statusCallbackEvent={["start", "end", "join", "leave"]}
      >
        {room}
      </Conference>
    </Dial>
  );
}
`,
  "src/components/voice/RecordMessage.tsx": `import { Record, Say, type TwiMLElement } from "twiml-jsx";
import type { Voice } from "../../lib/voices.js";

export interface RecordMessageProps {
  prompt: string;
  voice?: Voice;
  action: string;
  transcribeCallback?: string;
  maxLength?: number;
}

/** The prompt and the recording: a voicemail box. */
export function RecordMessage({ prompt, voice, action, transcribeCallback, maxLength = 120 }: RecordMessageProps): TwiMLElement {
  return (
    <>
      <Say voice={voice}>
        {prompt}
        <break time="500ms" />
        Press the pound key when you are finished.
      </Say>
      <Record
        action={action}
        maxLength={maxLength}
        finishOnKey="#"
        playBeep
        transcribe={transcribeCallback !== undefined}
        transcribeCallback={transcribeCallback}
      />
    </>
  );
}
`,
  "src/components/voice/HoldMusic.tsx": `import { Play, Say, type TwiMLElement } from "twiml-jsx";
import { describeWait } from "../../lib/wait.js";
import type { Voice } from "../../lib/voices.js";

export interface HoldMusicProps {
  position: number;
  waitSeconds: number;
  tracks: readonly string[];
  voice?: Voice;
}

export function HoldMusic({ position, waitSeconds, tracks, voice }: HoldMusicProps): TwiMLElement {
  return (
    <>
      <Say voice={voice}>
        {position === 1 ? "You are next in line." : <>You are number <say-as interpret-as="cardinal">{position}</say-as> in line.</>}
        <break time="200ms" />
        Your expected wait is {describeWait(waitSeconds)}.
      </Say>
      {tracks.map((track) => (
        <Play>{track}</Play>
      ))}
    </>
  );
}
`,
  "src/components/voice/EnqueueTask.tsx": `import { Enqueue, Task, type TwiMLElement } from "twiml-jsx";

export interface EnqueueTaskProps {
  workflowSid: string;
  attributes: Readonly<Record<string, string | number | boolean>>;
  priority?: number;
  waitUrl?: string;
}

/** Hands the call to TaskRouter with the attributes its workflow routes on. */
export function EnqueueTask({ workflowSid, attributes, priority, waitUrl }: EnqueueTaskProps): TwiMLElement {
  return (
    <Enqueue workflowSid={workflowSid} waitUrl={waitUrl}>
      <Task priority={priority}>{JSON.stringify(attributes)}</Task>
    </Enqueue>
  );
}
`,
  "src/components/voice/StreamAudio.tsx": `import { Parameter, Start, Stream, type TwiMLElement } from "twiml-jsx";

export function StreamAudio({ url, name, parameters }: { url: string; name: string; parameters: Readonly<Record<string, string>> }): TwiMLElement {
  return (
    <Start>
      <Stream url={url} name={name} track="both_tracks">
        {Object.entries(parameters).map(([key, value]) => (
          <Parameter name={key} value={value} />
        ))}
      </Stream>
    </Start>
  );
}
`,
  "src/components/voice/LiveTranscript.tsx": `import { Start, Transcription, type TwiMLElement } from "twiml-jsx";

export function LiveTranscript({ callbackUrl, language }: { callbackUrl: string; language: string }): TwiMLElement {
  return (
    <Start>
      <Transcription statusCallbackUrl={callbackUrl} languageCode={language} track="both_tracks" partialResults />
    </Start>
  );
}
`,
  "src/components/voice/AiReceptionist.tsx": `import { Connect, ConversationRelay, Language, type TwiMLElement } from "twiml-jsx";

export interface AiReceptionistProps {
  url: string;
  greeting: string;
  languages: readonly { code: string; voice: string }[];
  action?: string;
}

export function AiReceptionist({ url, greeting, languages, action }: AiReceptionistProps): TwiMLElement {
  return (
    <Connect action={action}>
      <ConversationRelay url={url} welcomeGreeting={greeting} interruptible="speech" dtmfDetection>
        {languages.map((l) => (
          <Language code={l.code} voice={l.voice} ttsProvider="Google" />
        ))}
      </ConversationRelay>
    </Connect>
  );
}
`,
  "src/components/voice/CollectPayment.tsx": `import { Pause, Pay, Prompt, Say, type TwiMLElement } from "twiml-jsx";
import { chargeAmount, spokenAmount, type Amount } from "../../lib/money.js";
import type { Voice } from "../../lib/voices.js";

export interface CollectPaymentProps {
  amount: Amount;
  action: string;
  voice?: Voice;
  description: string;
}

export function CollectPayment({ amount, action, voice, description }: CollectPaymentProps): TwiMLElement {
  return (
    <Pay chargeAmount={chargeAmount(amount)} currency={amount.currency} action={action} description={description} maxAttempts={2}>
      <Prompt for="payment-card-number">
        <Say voice={voice}>
          To pay {spokenAmount(amount)}, enter your card number, then press pound.
        </Say>
      </Prompt>
      <Prompt for="payment-card-number" errorType="invalid-card-number">
        <Say voice={voice}>That card number was not valid. Please try again.</Say>
      </Prompt>
      <Prompt for="expiration-date">
        <Say voice={voice}>Enter the expiration date, two digits for the month and two for the year.</Say>
      </Prompt>
      <Prompt for="security-code">
        <Say voice={voice}>Enter the security code.</Say>
        <Pause length={1} />
      </Prompt>
    </Pay>
  );
}
`,
  "src/components/voice/Screening.tsx": `import { Gather, Hangup, Say, VoiceResponse, type TwiMLElement } from "twiml-jsx";
import { Digits } from "../speech/Digits.js";

/** Played to the person answering a forwarded call before the caller is connected. */
export function Screening({ department, action }: { department: string; action: string }): TwiMLElement {
  return (
    <VoiceResponse>
      <Gather numDigits={1} action={action} timeout={8}>
        <Say>
          Call for {department}. Press <Digits value={1} /> to accept.
        </Say>
      </Gather>
      <Hangup />
    </VoiceResponse>
  );
}
`,
  // Flows: several verbs that belong together, returned as fragments.
  "src/components/flows/Welcome.tsx": `import type { TwiMLElement, TwiMLNode } from "twiml-jsx";
import type { Voice } from "../../lib/voices.js";
import { Announce } from "../voice/Announce.js";
import { Slow } from "../speech/Slow.js";

export function Welcome({ voice, children }: { voice?: Voice; children: TwiMLNode }): TwiMLElement {
  return (
    <Announce voice={voice}>
      <Slow>{children}</Slow>
    </Announce>
  );
}
`,
  "src/components/flows/MenuWithRetry.tsx": `import type { TwiMLElement, TwiMLNode } from "twiml-jsx";
import type { Department } from "../../lib/routing.js";
import type { Voice } from "../../lib/voices.js";
import { MenuPrompt } from "../voice/MenuPrompt.js";
import { RetryOrGoodbye } from "../voice/RetryOrGoodbye.js";

export interface MenuWithRetryProps {
  options: readonly Department[];
  action: string;
  attempt: number;
  maxAttempts: number;
  retryUrl: (attempt: number) => string;
  voice?: Voice;
  children?: TwiMLNode;
}

/** A menu and what happens when nobody answers it. Ends the document. */
export function MenuWithRetry({ options, action, attempt, maxAttempts, retryUrl, voice, children }: MenuWithRetryProps): TwiMLElement {
  return (
    <>
      <MenuPrompt options={options} action={action} voice={voice} pauseAfter={attempt > 1 ? 1 : undefined}>
        {children}
      </MenuPrompt>
      <RetryOrGoodbye attempt={attempt} max={maxAttempts} retryUrl={retryUrl} voice={voice} />
    </>
  );
}
`,
  "src/components/flows/ConnectDepartment.tsx": `import type { TwiMLElement } from "twiml-jsx";
import type { Department } from "../../lib/routing.js";
import { AgentDial } from "../voice/AgentDial.js";
import { EnqueueTask } from "../voice/EnqueueTask.js";
import { RingGroup } from "../voice/RingGroup.js";
import { SipTransfer } from "../voice/SipTransfer.js";

export interface ConnectDepartmentProps {
  department: Department;
  callerId: string;
  workflowSid: string;
  action: string;
  callSid: string;
}

/** The one verb that connects the caller to a department, whichever way the department takes calls. */
export function ConnectDepartment({ department, callerId, workflowSid, action, callSid }: ConnectDepartmentProps): TwiMLElement {
  switch (department.kind) {
    case "ring-group":
      return <RingGroup numbers={department.numbers} callerId={callerId} action={action} />;
    case "agents":
      return <AgentDial agents={department.agents} callerId={callerId} context={{ department: department.key, callSid }} action={action} />;
    case "sip":
      return <SipTransfer uri={department.sipUri ?? "sip:frontdesk@pbx.example.com"} callerId={callerId} />;
    case "queue":
      return <EnqueueTask workflowSid={workflowSid} attributes={{ department: department.key, callSid }} />;
  }
}
`,
  "src/components/flows/ForwardOrVoicemail.tsx": `import type { TwiMLElement } from "twiml-jsx";
import type { Voice } from "../../lib/voices.js";
import { RecordMessage } from "../voice/RecordMessage.js";
import { RingGroup } from "../voice/RingGroup.js";
import { Announce } from "../voice/Announce.js";

export interface ForwardOrVoicemailProps {
  open: boolean;
  numbers: readonly string[];
  callerId: string;
  label: string;
  voice?: Voice;
  recordAction: string;
  dialAction: string;
}

export function ForwardOrVoicemail({ open, numbers, callerId, label, voice, recordAction, dialAction }: ForwardOrVoicemailProps): TwiMLElement {
  return open ? (
    <>
      <Announce voice={voice}>Connecting you to {label}.</Announce>
      <RingGroup numbers={numbers} callerId={callerId} action={dialAction} />
    </>
  ) : (
    <RecordMessage prompt={\`\${label} is closed right now. Please leave a message.\`} voice={voice} action={recordAction} />
  );
}
`,
  // Layouts: the document roots.
  "src/components/layout/CallDocument.tsx": `import { Recording, Start, VoiceResponse, type ElementChildren, type TwiMLElement } from "twiml-jsx";

export interface CallDocumentProps {
  /** Record both sides of the call from here on (for tenants that must keep recordings). */
  record?: boolean;
  recordingCallback?: string;
  children: ElementChildren;
}

/** Every voice document of the app: starts call recording when the tenant asks for it. */
export function CallDocument({ record = false, recordingCallback, children }: CallDocumentProps): TwiMLElement {
  return (
    <VoiceResponse>
      {record && (
        <Start>
          <Recording channels="dual" track="both" recordingStatusCallback={recordingCallback} />
        </Start>
      )}
      {children}
    </VoiceResponse>
  );
}
`,
  "src/components/layout/TextDocument.tsx": `import { MessagingResponse, type ElementChildren, type TwiMLElement } from "twiml-jsx";

export function TextDocument({ children }: { children?: ElementChildren }): TwiMLElement {
  return <MessagingResponse>{children}</MessagingResponse>;
}
`,
  // Messaging.
  "src/components/sms/TextReply.tsx": `import { Body, Media, Message, type TwiMLElement } from "twiml-jsx";
import { truncate } from "../../lib/strings.js";

export interface TextReplyProps {
  body: string;
  media?: readonly string[];
  to?: string;
}

/** One reply; Twilio splits long bodies itself, but we keep replies to one segment's worth of text. */
export function TextReply({ body, media = [], to }: TextReplyProps): TwiMLElement {
  return (
    <Message to={to}>
      <Body>{truncate(body, 320)}</Body>
      {media.map((url) => (
        <Media>{url}</Media>
      ))}
    </Message>
  );
}
`,
  "src/components/sms/HelpText.tsx": `import { Body, Message } from "twiml-jsx";
import type { Keyword } from "../../lib/keywords.js";
import { spokenList } from "../../lib/strings.js";

export function HelpText({ name, keywords }: { name: string; keywords: readonly Keyword[] }) {
  return (
    <Message>
      <Body>{\`\${name}: reply \${spokenList(keywords, "or")}. Msg&data rates may apply. Reply STOP to opt out.\`}</Body>
    </Message>
  );
}
`,
  "src/components/sms/RelayText.tsx": `import { Message } from "twiml-jsx";

/** Forwards an incoming text to staff, with who sent it. */
export function RelayText({ from, body, to }: { from: string; body: string; to: readonly string[] }) {
  return (
    <>
      {to.map((number) => (
        <Message to={number}>{\`From \${from}: \${body}\`}</Message>
      ))}
    </>
  );
}
`,
};
