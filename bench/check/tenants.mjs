// The seeded part of the generated project: one folder per tenant of a hosted phone-system app, each with
// its configuration and seven TSX documents (menu, department routing, voicemail, queue, SMS replies and one
// of after-hours, payments, AI assistant or conference). Each document picks one of several ways of
// writing the same thing (shared flows, inline elements, local helpers and const bindings) and one of four
// import styles, so the checker meets what real code bases mix.

const POOL_DEPARTMENTS = [
  { key: "sales", keyword: "sales", label: "sales" },
  { key: "support", keyword: "support", label: "technical support" },
  { key: "billing", keyword: "billing", label: "billing questions" },
  { key: "appointments", keyword: "appointment", label: "appointments" },
  { key: "pharmacy", keyword: "pharmacy", label: "the pharmacy" },
  { key: "claims", keyword: "claims", label: "insurance claims" },
  { key: "reservations", keyword: "reservation", label: "reservations" },
  { key: "service", keyword: "service", label: "the service desk" },
  { key: "returns", keyword: "returns", label: "returns and exchanges" },
  { key: "accounts", keyword: "account", label: "your account" },
];
const PLACES = [
  "Bayside",
  "Northgate",
  "Riverbend",
  "Oak Hill",
  "Cedar Park",
  "Lakeshore",
  "Summit",
  "Harbor",
  "Maple",
  "Granite",
  "Willow",
  "Redwood",
];
const TRADES = [
  "Dental",
  "Plumbing",
  "Veterinary",
  "Auto Repair",
  "Pharmacy",
  "Insurance",
  "Bistro",
  "Hardware",
  "Clinic",
  "Realty",
  "Fitness",
  "Law Offices",
];
const TAGLINES = [
  "Your call is important to us.",
  "Serving the neighbourhood since 1998.",
  "Now open on Saturdays.",
  "Ask us about our new loyalty programme.",
  "Family owned and operated.",
];
const LOCALES = [
  { locale: "en-US", voice: "Polly.Joanna" },
  { locale: "en-US", voice: "Polly.Matthew" },
  { locale: "en-GB", voice: "Polly.Amy" },
  { locale: "en-US", voice: "woman" },
  { locale: "en-US", voice: "Google.en-US-Neural2-F" },
];
const AGENTS = ["jordan", "sam", "alex", "riley", "casey", "morgan", "taylor", "jamie"];
const KINDS = ["ring-group", "agents", "sip", "queue"];
const EXTRAS = ["after-hours", "payments", "assistant", "conference"];
const STYLES = ["named", "alias", "namespace", "barrel"];

/** Deterministic pseudo-random numbers (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  const chance = (p) => next() < p;
  const sample = (list, count) => {
    const copy = [...list];
    const out = [];
    while (out.length < count && copy.length > 0) out.push(copy.splice(int(0, copy.length - 1), 1)[0]);
    return out;
  };
  return { int, pick, chance, sample };
}

const TYPE_NAMES = new Set(["TwiMLElement", "TwiMLNode"]);
const BARREL_NAMES = { Say: "Speak", Number: "DialNumber", Response: "TwimlResponse" };

/**
 * The names a file uses for library components in one import style; reading `N.Say` records that the file
 * needs `Say`, and `imports()` writes the import declaration for exactly what was read.
 */
function namer(style) {
  const used = new Set();
  const local = (name) => {
    if (style === "namespace") return `T.${name}`;
    if (TYPE_NAMES.has(name)) return name;
    if (style === "alias") return `Tw${name}`;
    if (style === "barrel") return BARREL_NAMES[name] ?? name;
    return name;
  };
  const N = new Proxy(
    {},
    {
      get: (_, name) => {
        used.add(name);
        return local(name);
      },
    },
  );
  const imports = () => {
    if (used.size === 0) return "";
    if (style === "namespace") return 'import * as T from "twiml-jsx";\n';
    const names = [...used].sort();
    const spec = names.map((name) => {
      if (TYPE_NAMES.has(name)) return `type ${name}`;
      if (style === "alias") return `${name} as Tw${name}`;
      if (style === "barrel") return BARREL_NAMES[name] ?? name;
      return name;
    });
    const from = style === "barrel" ? "../../twiml.js" : "twiml-jsx";
    return `import { ${spec.join(", ")} } from "${from}";\n`;
  };
  return { N, imports };
}

function phone(rng) {
  return `+1${rng.pick(["415", "646", "312", "206", "617"])}555${String(rng.int(100, 9999)).padStart(4, "0")}`;
}

function makeTenant(rng, index, usedIds) {
  let displayName;
  let id;
  do {
    displayName = `${rng.pick(PLACES)} ${rng.pick(TRADES)}`;
    id = displayName.toLowerCase().replace(/\s+/g, "-");
  } while (usedIds.has(id));
  usedIds.add(id);
  const { locale, voice } = rng.pick(LOCALES);
  const departments = rng.sample(POOL_DEPARTMENTS, rng.int(2, 5)).map((d, i) => {
    const kind = rng.pick(KINDS);
    return {
      ...d,
      digit: i + 1,
      kind,
      numbers: Array.from({ length: rng.int(1, 3) }, () => phone(rng)),
      agents: rng.sample(AGENTS, rng.int(1, 3)).map((a) => `${id}-${a}`),
      sipUri: kind === "sip" ? `sip:${d.key}@pbx.${id}.example.com` : undefined,
      queue: kind === "queue" ? `${id}-${d.key}` : undefined,
    };
  });
  const weekdays = rng.pick([
    [1, 2, 3, 4, 5],
    [1, 2, 3, 4, 5, 6],
    [0, 1, 2, 3, 4, 5, 6],
    [2, 3, 4, 5, 6],
  ]);
  return {
    index,
    id,
    displayName,
    tagline: rng.pick(TAGLINES),
    locale,
    voice,
    polly: voice.startsWith("Polly."),
    callerId: phone(rng),
    hours: {
      days: weekdays,
      opens: rng.int(7, 10) * 60,
      closes: rng.int(16, 20) * 60,
      timeZoneOffsetMinutes: rng.pick([-300, -360, -480, 0]),
    },
    departments,
    workflowSid: `WW${rng.int(1e7, 9e7).toString(16).padStart(32, "0")}`,
    holdMusic: rng.sample(["classical.mp3", "jazz-trio.mp3", "ambient.mp3", "piano.mp3"], rng.int(1, 3)),
    smsMedia: rng.sample(["map.png", "menu.jpg", "coupon.png", "storefront.jpg"], rng.int(0, 2)),
    address: `${rng.int(1, 999)} ${rng.pick(["Main", "Market", "Harbor", "Elm"])} Street`,
    secondLanguage: rng.chance(0.3) ? { code: "es-US", prompt: "Para español, oprima nueve.", digit: 9 } : undefined,
    recordCalls: rng.chance(0.4),
    maxAttempts: rng.int(2, 3),
    staff: Array.from({ length: rng.int(1, 2) }, () => phone(rng)),
    emergency: rng.chance(0.5) ? phone(rng) : undefined,
    extra: EXTRAS[index % EXTRAS.length],
    abbreviation: rng.chance(0.4),
  };
}

const lit = (value) => JSON.stringify(value);

function configFile(t) {
  const departments = t.departments
    .map((d) => {
      const fields = [
        `key: ${lit(d.key)}`,
        `digit: ${d.digit}`,
        `keyword: ${lit(d.keyword)}`,
        `label: ${lit(d.label)}`,
        `kind: ${lit(d.kind)}`,
        `numbers: ${lit(d.numbers)}`,
        `agents: ${lit(d.agents)}`,
        ...(d.sipUri === undefined ? [] : [`sipUri: ${lit(d.sipUri)}`]),
        ...(d.queue === undefined ? [] : [`queue: ${lit(d.queue)}`]),
      ];
      return `    { ${fields.join(", ")} },`;
    })
    .join("\n");
  return `import type { TenantConfig } from "../../lib/tenant.js";
import { asset, webhook, type QueryValue } from "../../lib/urls.js";

export const CONFIG: TenantConfig = {
  id: ${lit(t.id)},
  displayName: ${lit(t.displayName)},
  tagline: ${lit(t.tagline)},
  locale: ${lit(t.locale)},
  voice: ${lit(t.voice)},
  callerId: ${lit(t.callerId)},
  hours: { days: ${lit(t.hours.days)}, opens: ${t.hours.opens}, closes: ${t.hours.closes}, timeZoneOffsetMinutes: ${t.hours.timeZoneOffsetMinutes} },
  departments: [
${departments}
  ],
  mainQueue: ${lit(`${t.id}-main`)},
  workflowSid: ${lit(t.workflowSid)},
  holdMusic: ${lit(t.holdMusic)}.map((file) => asset(${lit(t.id)}, file)),
  smsMedia: ${lit(t.smsMedia)}.map((file) => asset(${lit(t.id)}, file)),
  address: ${lit(t.address)},${t.secondLanguage === undefined ? "" : `\n  secondLanguage: ${JSON.stringify(t.secondLanguage).replace(/"(\w+)":/g, "$1: ")},`}
  recordCalls: ${t.recordCalls},
  maxAttempts: ${t.maxAttempts},
};

/** Staff phones that receive texts the auto-reply cannot answer. */
export const STAFF: readonly string[] = ${lit(t.staff)};

export const EMERGENCY_LINE: string | undefined = ${t.emergency === undefined ? "undefined" : lit(t.emergency)};

export function url(path: string, query?: Readonly<Record<string, QueryValue>>): string {
  return webhook(CONFIG.id, path, query);
}
`;
}

function greetingFile(t, N) {
  const body = `export interface GreetingProps {
  callerName?: string | undefined;
  returning?: boolean;
}

/** The welcome, spoken as the first part of the menu's <Say>. */
export function Greeting({ callerName, returning = false }: GreetingProps): ${N.TwiMLElement} {
  const name = callerName === undefined ? null : <emphasis level="reduced">{callerName}</emphasis>;
  return (
    <>
      <Slow rate="95%">
        {name === null ? <>Thank you for calling {CONFIG.displayName}.</> : <>Welcome back, {name}.</>}
      </Slow>
      <Beat />
      {returning && <s>Good to hear from you again.</s>}
${
  t.polly
    ? `      <amazon:domain name="conversational">{CONFIG.tagline}</amazon:domain>`
    : `      <p>
        <s>{CONFIG.tagline}</s>
      </p>`
}${
  t.abbreviation
    ? `
      Calls may be recorded for <Abbreviation short="QA" long="quality assurance" /> purposes.`
    : ""
}
      {CONFIG.secondLanguage !== undefined && <Foreign code={CONFIG.secondLanguage.code}>{CONFIG.secondLanguage.prompt}</Foreign>}
    </>
  );
}
`;
  return `%IMPORTS%${t.abbreviation ? 'import { Abbreviation } from "../../components/speech/Abbreviation.js";\n' : ""}import { Beat } from "../../components/speech/Beat.js";
import { Foreign } from "../../components/speech/Foreign.js";
import { Slow } from "../../components/speech/Slow.js";
import { CONFIG } from "./config.js";

${body}`;
}

// Two instants to render samples at: a Wednesday afternoon and a Sunday night, UTC.
const SAMPLE_TIMES = `const WEDNESDAY_AFTERNOON = new Date("2024-03-13T19:00:00Z");
const SUNDAY_NIGHT = new Date("2024-03-17T05:30:00Z");`;

function ivrFile(_t, N, variant) {
  let components = "";
  let body;
  if (variant === 0) {
    components = `import { MenuWithRetry } from "../../components/flows/MenuWithRetry.js";
import { CallDocument } from "../../components/layout/CallDocument.js";
`;
    body = `function Closed(): ${N.TwiMLElement} {
  return (
    <${N.VoiceResponse}>
      <${N.Say} voice={CONFIG.voice}>{CONFIG.displayName} is closed right now.</${N.Say}>
      <${N.Redirect}>{url("voicemail")}</${N.Redirect}>
    </${N.VoiceResponse}>
  );
}

/** The main menu: greets the caller and reads the departments, or sends the caller to voicemail when closed. */
export function MainMenu({ callerName, attempt = 1, at }: MainMenuProps): ${N.TwiMLElement} {
  if (!isOpen(CONFIG.hours, at)) return <Closed />;
  return (
    <CallDocument record={CONFIG.recordCalls} recordingCallback={url("recording")}>
      <MenuWithRetry
        options={CONFIG.departments}
        action={url("department")}
        attempt={attempt}
        maxAttempts={CONFIG.maxAttempts}
        retryUrl={(next) => url("ivr", { attempt: next })}
        voice={CONFIG.voice}
      >
        <Greeting callerName={callerName} returning={attempt === 1 && callerName !== undefined} />
      </MenuWithRetry>
    </CallDocument>
  );
}`;
  } else if (variant === 1) {
    body = `/** The main menu; after hours it offers only the departments that still take calls. */
export function MainMenu({ callerName, attempt = 1, at }: MainMenuProps): ${N.TwiMLElement} {
  const open = isOpen(CONFIG.hours, at);
  const options = open ? CONFIG.departments : CONFIG.departments.filter((d) => d.kind === "queue" || d.kind === "agents");
  return (
    <${N.VoiceResponse}>
      <${N.Gather} input={["dtmf", "speech"]} numDigits={1} action={url("department")} hints={options.map((o) => o.keyword)}>
        <${N.Say} voice={CONFIG.voice}>
          <Greeting callerName={callerName} />
          {!open && <s>Our offices are closed, but some lines are still answered.</s>}
          {options.map((o) => (
            <>
              For {o.label}, press <say-as interpret-as="digits">{o.digit}</say-as>.
              <break time="250ms" />
            </>
          ))}
          {options.length === 0 ? "To leave a message, stay on the line." : null}
        </${N.Say}>
      </${N.Gather}>
      {attempt < CONFIG.maxAttempts ? (
        <${N.Redirect}>{url("ivr", { attempt: attempt + 1 })}</${N.Redirect}>
      ) : (
        <${N.Redirect}>{url("voicemail")}</${N.Redirect}>
      )}
    </${N.VoiceResponse}>
  );
}`;
  } else {
    body = `function optionSentence(option: Department) {
  return (
    <s>
      For {option.label}, press <say-as interpret-as="digits">{option.digit}</say-as>.
    </s>
  );
}

/** The main menu, built from named pieces. */
export function MainMenu({ callerName, attempt = 1, at }: MainMenuProps): ${N.TwiMLElement} {
  const intro = <Greeting callerName={callerName} returning={attempt > 1} />;
  const closedNote = isOpen(CONFIG.hours, at) ? null : <s>We are closed; leave a message by choosing any option.</s>;
  const prompt = (
    <${N.Say} voice={CONFIG.voice} language={CONFIG.locale}>
      {intro}
      {closedNote}
      <p>{CONFIG.departments.map(optionSentence)}</p>
    </${N.Say}>
  );
  const ending = attempt < CONFIG.maxAttempts ? <${N.Redirect}>{url("ivr", { attempt: attempt + 1 })}</${N.Redirect}> : <${N.Hangup} />;
  return (
    <${N.VoiceResponse}>
      <${N.Gather} numDigits={1} action={url("department")} timeout={6}>
        {prompt}
        <${N.Pause} length={1} />
      </${N.Gather}>
      {ending}
    </${N.VoiceResponse}>
  );
}`;
  }
  return `%IMPORTS%${components}import { isOpen } from "../../lib/hours.js";
${variant === 2 ? 'import type { Department } from "../../lib/routing.js";\n' : ""}import { CONFIG, url } from "./config.js";
import { Greeting } from "./greeting.js";

${SAMPLE_TIMES}

export interface MainMenuProps {
  callerName?: string;
  attempt?: number;
  at: Date;
}

${body}

export function samples(): ${N.TwiMLElement}[] {
  return [
    <MainMenu at={WEDNESDAY_AFTERNOON} />,
    <MainMenu at={WEDNESDAY_AFTERNOON} callerName="Dana O'Neil" attempt={CONFIG.maxAttempts} />,
    <MainMenu at={SUNDAY_NIGHT} attempt={2} />,
  ];
}
`;
}

function departmentFile(_t, N, variant) {
  let components = "";
  let connect;
  if (variant === 0) {
    components = `import { ConnectDepartment } from "../../components/flows/ConnectDepartment.js";
import { CallDocument } from "../../components/layout/CallDocument.js";
import { Beat } from "../../components/speech/Beat.js";
import { Announce } from "../../components/voice/Announce.js";
`;
    connect = `  return (
    <CallDocument record={CONFIG.recordCalls && isOpen(CONFIG.hours, at)}>
      <Announce voice={CONFIG.voice}>
        Connecting you to {department.label}.
        <Beat />
      </Announce>
      <ConnectDepartment
        department={department}
        callerId={CONFIG.callerId}
        workflowSid={CONFIG.workflowSid}
        action={url("after-dial", { department: department.key })}
        callSid={callSid}
      />
    </CallDocument>
  );`;
  } else if (variant === 1) {
    components = `import { ForwardOrVoicemail } from "../../components/flows/ForwardOrVoicemail.js";
`;
    connect = `  return (
    <${N.VoiceResponse}>
      <ForwardOrVoicemail
        open={isOpen(CONFIG.hours, at)}
        numbers={department.numbers.length > 0 ? department.numbers : [CONFIG.callerId]}
        callerId={CONFIG.callerId}
        label={department.label}
        voice={CONFIG.voice}
        recordAction={url("voicemail/done")}
        dialAction={url("after-dial", { callSid })}
      />
    </${N.VoiceResponse}>
  );`;
  } else {
    components = `import { Whisper } from "../../components/speech/Whisper.js";
`;
    connect = `  return (
    <${N.VoiceResponse}>
      <${N.Say} voice={CONFIG.voice}>
        {department.label}. <Whisper>One moment, please.</Whisper>
      </${N.Say}>
      {isOpen(CONFIG.hours, at) ? dialFor(department) : <${N.Redirect}>{url("voicemail", { department: department.key })}</${N.Redirect}>}
    </${N.VoiceResponse}>
  );`;
  }
  const helper =
    variant === 2
      ? `
function dialFor(department: Department): ${N.TwiMLElement} {
  if (department.kind === "ring-group") {
    return (
      <${N.Dial} callerId={CONFIG.callerId} timeout={20}>
        {department.numbers.map((n) => (
          <${N.Number}>{n}</${N.Number}>
        ))}
      </${N.Dial}>
    );
  }
  if (department.kind === "sip") {
    return (
      <${N.Dial}>
        <${N.Sip}>{department.sipUri ?? "sip:desk@pbx.example.com"}</${N.Sip}>
      </${N.Dial}>
    );
  }
  return <${N.Enqueue} waitUrl={url("queue/wait")}>{department.queue ?? CONFIG.mainQueue}</${N.Enqueue}>;
}
`
      : "";
  return `%IMPORTS%${components}import { Screening } from "../../components/voice/Screening.js";
import { isOpen } from "../../lib/hours.js";
import { findDepartment${variant === 2 ? ", type Department" : ""} } from "../../lib/routing.js";
import { CONFIG, url } from "./config.js";

${SAMPLE_TIMES}

export interface DepartmentChoiceProps {
  digits?: string;
  speech?: string;
  at: Date;
  callSid: string;
}
${helper}
/** Answers the menu's <Gather>: connects the caller to the department they chose. */
export function DepartmentChoice({ digits, speech, at, callSid }: DepartmentChoiceProps): ${N.TwiMLElement} {
  const department = findDepartment(CONFIG.departments, { digits, speech });
  if (department === undefined) {
    return (
      <${N.VoiceResponse}>
        <${N.Say} voice={CONFIG.voice}>Sorry, that is not one of the options.</${N.Say}>
        <${N.Redirect}>{url("ivr", { attempt: 2 })}</${N.Redirect}>
      </${N.VoiceResponse}>
    );
  }
${connect}
}

export type DialStatus = "completed" | "busy" | "no-answer" | "failed" | "canceled";

/** Served at the <Dial action> URL once the forwarded call ends. */
export function AfterDial({ status }: { status: DialStatus }): ${N.TwiMLElement} {
  return status === "completed" ? (
    <${N.VoiceResponse}>
      <${N.Hangup} />
    </${N.VoiceResponse}>
  ) : (
    <${N.VoiceResponse}>
      <${N.Say} voice={CONFIG.voice}>Nobody could take your call.</${N.Say}>
      <${N.Redirect}>{url("voicemail")}</${N.Redirect}>
    </${N.VoiceResponse}>
  );
}

export function ScreenCall({ label }: { label: string }): ${N.TwiMLElement} {
  return <Screening department={label} action={url("screen/accept")} />;
}

export function samples(): ${N.TwiMLElement}[] {
  return [
    ...CONFIG.departments.map((d) => <DepartmentChoice digits={String(d.digit)} at={WEDNESDAY_AFTERNOON} callSid="CA0001" />),
    ...CONFIG.departments.map((d) => <DepartmentChoice speech={\`\${d.keyword} please\`} at={SUNDAY_NIGHT} callSid="CA0002" />),
    <DepartmentChoice digits="0" at={WEDNESDAY_AFTERNOON} callSid="CA0003" />,
    <AfterDial status="completed" />,
    <AfterDial status="no-answer" />,
    <ScreenCall label="billing" />,
  ];
}
`;
}

function voicemailFile(t, N, variant) {
  let components;
  let voicemail;
  if (variant === 0) {
    components = `import { CallDocument } from "../../components/layout/CallDocument.js";
import { Sentences } from "../../components/speech/Sentences.js";
import { RecordMessage } from "../../components/voice/RecordMessage.js";
`;
    voicemail = `  return (
    <CallDocument record={false}>
      <RecordMessage
        prompt={department === undefined ? \`You've reached \${CONFIG.displayName}.\` : \`You've reached \${department} at \${CONFIG.displayName}.\`}
        voice={CONFIG.voice}
        action={url("voicemail/done")}
        transcribeCallback={url("voicemail/transcript")}
        maxLength={${t.index % 2 === 0 ? 120 : 180}}
      />
    </CallDocument>
  );`;
  } else {
    components = `import { Sentences } from "../../components/speech/Sentences.js";
`;
    voicemail = `  return (
    <${N.VoiceResponse}>
      <${N.Say} voice={CONFIG.voice}>
        {department === undefined ? \`You've reached \${CONFIG.displayName}.\` : \`You've reached \${department} at \${CONFIG.displayName}.\`}
        <break time="300ms" />
        Please leave your name, number and a short message after the tone.
      </${N.Say}>
      <${N.Record}
        maxLength={${t.index % 2 === 0 ? 120 : 180}}
        action={url("voicemail/done")}
        playBeep
        trim="trim-silence"
        recordingStatusCallback={url("voicemail/recording")}
        recordingStatusCallbackEvent={["completed"]}
      />
      <${N.Say} voice={CONFIG.voice}>We did not receive a recording.</${N.Say}>
      <${N.Hangup} />
    </${N.VoiceResponse}>
  );`;
  }
  return `%IMPORTS%${components}import { describeHours } from "../../lib/hours.js";
import { CONFIG, url } from "./config.js";

/** Greets the caller and records a message. */
export function Voicemail({ department }: { department?: string }): ${N.TwiMLElement} {
${voicemail}
}

/** Served at the <Record action> URL. */
export function VoicemailDone({ seconds }: { seconds: number }): ${N.TwiMLElement} {
  const lines = [
    seconds > 0 ? "Thank you, we received your message." : "We did not hear a message.",
    ...describeHours(CONFIG.hours).map((h) => \`We are open \${h}.\`),
    "Goodbye.",
  ];
  return (
    <${N.VoiceResponse}>
      <${N.Say} voice={CONFIG.voice}>
        <Sentences lines={lines} />
      </${N.Say}>
      <${N.Hangup} />
    </${N.VoiceResponse}>
  );
}

export function samples(): ${N.TwiMLElement}[] {
  return [<Voicemail />, <Voicemail department="billing" />, <VoicemailDone seconds={14} />, <VoicemailDone seconds={0} />];
}
`;
}

function queueFile(t, N, variant) {
  let components = `import { HoldMusic } from "../../components/voice/HoldMusic.js";
`;
  let enter;
  if (variant === 0) {
    components += `import { CallDocument } from "../../components/layout/CallDocument.js";
import { Beat } from "../../components/speech/Beat.js";
import { Announce } from "../../components/voice/Announce.js";
import { EnqueueTask } from "../../components/voice/EnqueueTask.js";
`;
    enter = `  return (
    <CallDocument record={CONFIG.recordCalls}>
      <Announce voice={CONFIG.voice}>
        All of our agents are busy.
        <Beat long />
        Please stay on the line.
      </Announce>
      <EnqueueTask
        workflowSid={CONFIG.workflowSid}
        attributes={{ tenant: CONFIG.id, callSid, vip }}
        priority={vip ? 10 : 1}
        waitUrl={url("queue/wait")}
      />
    </CallDocument>
  );`;
  } else {
    enter = `  return (
    <${N.VoiceResponse}>
      <${N.Say} voice={CONFIG.voice}>
        {vip ? "Thank you for being a valued customer." : "All of our agents are busy."} Please hold.
      </${N.Say}>
      <${N.Enqueue} waitUrl={url("queue/wait")} action={url("queue/left", { callSid })} maxQueueSize={${20 + t.index}}>
        {CONFIG.mainQueue}
      </${N.Enqueue}>
    </${N.VoiceResponse}>
  );`;
  }
  return `%IMPORTS%${components}import { estimateWait } from "../../lib/wait.js";
import { CONFIG, url } from "./config.js";

const AVERAGE_HANDLE_SECONDS = ${120 + t.index * 5};
/** From this position on, callers are offered a call back instead of waiting. */
const LONG_QUEUE = ${4 + (t.index % 3)};

/** Puts the caller in the tenant's main queue. */
export function EnterQueue({ callSid, vip = false }: { callSid: string; vip?: boolean }): ${N.TwiMLElement} {
${enter}
}

/** Served at the queue's waitUrl while the caller waits. */
export function Waiting({ position, agents }: { position: number; agents: number }): ${N.TwiMLElement} {
  const seconds = estimateWait(position, agents, AVERAGE_HANDLE_SECONDS);
  return (
    <${N.VoiceResponse}>
      {position >= LONG_QUEUE && (
        <${N.Gather} numDigits={1} action={url("queue/callback")} timeout={3}>
          <${N.Say} voice={CONFIG.voice}>
            To get a call back instead, press <say-as interpret-as="digits">1</say-as> now.
          </${N.Say}>
        </${N.Gather}>
      )}
      <HoldMusic position={position} waitSeconds={seconds} tracks={CONFIG.holdMusic} voice={CONFIG.voice} />
    </${N.VoiceResponse}>
  );
}

/** For an agent's phone: connects them to the caller who waited longest. */
export function AgentAnswer({ queue }: { queue?: string }): ${N.TwiMLElement} {
  return (
    <${N.VoiceResponse}>
      <${N.Dial}>
        <${N.Queue} url={url("queue/whisper")}>{queue ?? CONFIG.mainQueue}</${N.Queue}>
      </${N.Dial}>
    </${N.VoiceResponse}>
  );
}

export function samples(): ${N.TwiMLElement}[] {
  return [
    <EnterQueue callSid="CA1001" />,
    <EnterQueue callSid="CA1002" vip />,
    <Waiting position={1} agents={2} />,
    <Waiting position={LONG_QUEUE + 2} agents={2} />,
    <AgentAnswer />,
  ];
}
`;
}

function smsFile(_t, N, variant) {
  if (variant === 0) {
    return `%IMPORTS%import { TextDocument } from "../../components/layout/TextDocument.js";
import { HelpText } from "../../components/sms/HelpText.js";
import { RelayText } from "../../components/sms/RelayText.js";
import { TextReply } from "../../components/sms/TextReply.js";
import { describeHours } from "../../lib/hours.js";
import { keywordOf, restOf, type Keyword } from "../../lib/keywords.js";
import { CONFIG, STAFF } from "./config.js";

const KEYWORDS: readonly Keyword[] = ["HOURS", "ADDRESS", "HELP"];

/** Answers an incoming text by its first word. */
export function SmsReply({ body, from }: { body: string; from: string }): ${N.TwiMLElement} {
  switch (keywordOf(body)) {
    case "HOURS":
      return (
        <TextDocument>
          <TextReply body={\`\${CONFIG.displayName} is open \${describeHours(CONFIG.hours).join("; ")}.\`} />
        </TextDocument>
      );
    case "ADDRESS":
      return (
        <TextDocument>
          <TextReply body={\`Find us at \${CONFIG.address}.\`} media={CONFIG.smsMedia} />
        </TextDocument>
      );
    case "STOP":
      return <TextDocument />;
    case "HELP":
    case "START":
      return (
        <TextDocument>
          <HelpText name={CONFIG.displayName} keywords={KEYWORDS} />
        </TextDocument>
      );
    default:
      return (
        <TextDocument>
          <RelayText from={from} body={restOf(body) === "" ? body : restOf(body)} to={STAFF} />
          <TextReply body="Thanks! Someone from our team will text you back soon." to={from} />
        </TextDocument>
      );
  }
}

export function samples(): ${N.TwiMLElement}[] {
  return ["hours?", "ADDRESS please", "stop", "help", "Can I move my booking to Friday?"].map((body) => (
    <SmsReply body={body} from="+14155550142" />
  ));
}
`;
  }
  return `%IMPORTS%import { describeHours } from "../../lib/hours.js";
import { keywordOf, type Keyword } from "../../lib/keywords.js";
import { CONFIG, STAFF } from "./config.js";

interface Reply {
  readonly text: string;
  readonly media?: readonly string[];
}

const REPLIES: Partial<Record<Keyword, Reply>> = {
  HOURS: { text: \`We're open \${describeHours(CONFIG.hours).join(" and ")}.\` },
  ADDRESS: { text: \`\${CONFIG.displayName}, \${CONFIG.address}.\`, media: CONFIG.smsMedia },
  HELP: { text: "Reply HOURS or ADDRESS. Reply STOP to opt out." },
  STATUS: { text: "All our lines are open as usual." },
};

/** Answers an incoming text by its first word and forwards anything else to the staff. */
export function SmsReply({ body, from }: { body: string; from: string }): ${N.TwiMLElement} {
  const keyword = keywordOf(body);
  const reply = REPLIES[keyword];
  return (
    <${N.MessagingResponse}>
      {reply !== undefined && (
        <${N.Message}>
          <${N.Body}>{reply.text}</${N.Body}>
          {reply.media?.map((m) => (
            <${N.Media}>{m}</${N.Media}>
          ))}
        </${N.Message}>
      )}
      {keyword === "OTHER" &&
        STAFF.map((n) => (
          <${N.Message} to={n}>{\`From \${from}: \${body}\`}</${N.Message}>
        ))}
    </${N.MessagingResponse}>
  );
}

export function samples(): ${N.TwiMLElement}[] {
  return ["hours", "address", "help", "status", "Is the parking lot open?"].map((body) => (
    <SmsReply body={body} from="+14155550142" />
  ));
}
`;
}

function afterHoursFile(_t, N) {
  return `%IMPORTS%import { CallDocument } from "../../components/layout/CallDocument.js";
import { Digits } from "../../components/speech/Digits.js";
import { Sentences } from "../../components/speech/Sentences.js";
import { RecordMessage } from "../../components/voice/RecordMessage.js";
import { describeHours } from "../../lib/hours.js";
import { CONFIG, EMERGENCY_LINE, url } from "./config.js";

/** Played outside opening hours. */
export function AfterHours(): ${N.TwiMLElement} {
  const lines = [\`\${CONFIG.displayName} is closed.\`, ...describeHours(CONFIG.hours).map((h) => \`We are open \${h}.\`)];
  return (
    <CallDocument>
      <${N.Say} voice={CONFIG.voice}>
        <Sentences lines={lines} />
      </${N.Say}>
      {EMERGENCY_LINE !== undefined && (
        <${N.Gather} numDigits={1} action={url("after-hours/emergency")} timeout={4}>
          <${N.Say} voice={CONFIG.voice}>
            For an emergency, press <Digits value={9} />.
          </${N.Say}>
        </${N.Gather}>
      )}
      <RecordMessage prompt="Otherwise, please leave a message." voice={CONFIG.voice} action={url("voicemail/done")} />
    </CallDocument>
  );
}

export function Emergency({ digits }: { digits: string }): ${N.TwiMLElement} {
  if (digits !== "9" || EMERGENCY_LINE === undefined) {
    return (
      <${N.VoiceResponse}>
        <${N.Redirect}>{url("after-hours")}</${N.Redirect}>
      </${N.VoiceResponse}>
    );
  }
  return (
    <${N.VoiceResponse}>
      <${N.Say} voice={CONFIG.voice}>Connecting you to the on-call line.</${N.Say}>
      <${N.Dial} callerId={CONFIG.callerId} timeout={40}>
        {EMERGENCY_LINE}
      </${N.Dial}>
      <${N.Say} voice={CONFIG.voice}>The on-call line did not answer. Please try again later.</${N.Say}>
      <${N.Hangup} />
    </${N.VoiceResponse}>
  );
}

export function samples(): ${N.TwiMLElement}[] {
  return [<AfterHours />, <Emergency digits="9" />, <Emergency digits="1" />];
}
`;
}

function paymentsFile(t, N) {
  return `%IMPORTS%import { CallDocument } from "../../components/layout/CallDocument.js";
import { Announce } from "../../components/voice/Announce.js";
import { CollectPayment } from "../../components/voice/CollectPayment.js";
import { spokenAmount, type Amount } from "../../lib/money.js";
import { CONFIG, url } from "./config.js";

/** Reads the balance and takes a card payment. */
export function PayBalance({ cents, invoice }: { cents: number; invoice: string }): ${N.TwiMLElement} {
  const amount: Amount = { cents, currency: ${lit(t.locale === "en-GB" ? "gbp" : "usd")} };
  if (cents === 0) {
    return (
      <${N.VoiceResponse}>
        <${N.Say} voice={CONFIG.voice}>You have nothing to pay. Thank you!</${N.Say}>
        <${N.Hangup} />
      </${N.VoiceResponse}>
    );
  }
  return (
    <CallDocument record={false}>
      <Announce voice={CONFIG.voice}>
        Your balance for invoice <say-as interpret-as="characters">{invoice}</say-as> is {spokenAmount(amount)}.
      </Announce>
      <CollectPayment amount={amount} action={url("pay/result", { invoice })} voice={CONFIG.voice} description={\`Invoice \${invoice}\`} />
    </CallDocument>
  );
}

export function PaymentResult({ result }: { result: "success" | "payment-connector-error" | "too-many-failed-attempts" }): ${N.TwiMLElement} {
  return (
    <${N.VoiceResponse}>
      <${N.Say} voice={CONFIG.voice}>
        {result === "success" ? "Your payment went through. Thank you!" : "We could not take your payment. Please call again."}
      </${N.Say}>
      {result === "success" ? <${N.Hangup} /> : <${N.Redirect}>{url("ivr")}</${N.Redirect}>}
    </${N.VoiceResponse}>
  );
}

export function samples(): ${N.TwiMLElement}[] {
  return [<PayBalance cents={12550} invoice="A1234" />, <PayBalance cents={0} invoice="A1235" />, <PaymentResult result="success" />, <PaymentResult result="too-many-failed-attempts" />];
}
`;
}

function assistantFile(t, N) {
  return `%IMPORTS%import { CallDocument } from "../../components/layout/CallDocument.js";
import { AiReceptionist } from "../../components/voice/AiReceptionist.js";
import { StreamAudio } from "../../components/voice/StreamAudio.js";
import { CONFIG, url } from "./config.js";

const LANGUAGES = [
  { code: "en-US", voice: "en-US-Journey-O" },
${t.secondLanguage === undefined ? "" : '  { code: "es-US", voice: "es-US-Neural2-A" },\n'}];

/** Hands the call to the AI receptionist, with the audio streamed to the quality service. */
export function Assistant({ callSid }: { callSid: string }): ${N.TwiMLElement} {
  return (
    <CallDocument record={CONFIG.recordCalls}>
      <StreamAudio url="wss://quality.example.com/stream" name={\`qa-\${callSid}\`} parameters={{ tenant: CONFIG.id, callSid }} />
      <AiReceptionist
        url="wss://assistant.example.com/relay"
        greeting={\`Hi! You've reached \${CONFIG.displayName}. How can I help?\`}
        languages={LANGUAGES}
        action={url("assistant/done")}
      />
    </CallDocument>
  );
}

/** Served when the AI session ends: hand over to a person, or end the call. */
export function AssistantDone({ handoff }: { handoff: boolean }): ${N.TwiMLElement} {
  return handoff ? (
    <${N.VoiceResponse}>
      <${N.Say} voice={CONFIG.voice}>Let me get a colleague for you.</${N.Say}>
      <${N.Enqueue} waitUrl={url("queue/wait")}>{CONFIG.mainQueue}</${N.Enqueue}>
    </${N.VoiceResponse}>
  ) : (
    <${N.VoiceResponse}>
      <${N.Hangup} />
    </${N.VoiceResponse}>
  );
}

export function samples(): ${N.TwiMLElement}[] {
  return [<Assistant callSid="CA2001" />, <AssistantDone handoff />, <AssistantDone handoff={false} />];
}
`;
}

function conferenceFile(t, N) {
  return `%IMPORTS%import { ConferenceBridge } from "../../components/voice/ConferenceBridge.js";
import { LiveTranscript } from "../../components/voice/LiveTranscript.js";
import { Digits } from "../../components/speech/Digits.js";
import { roomName } from "../../lib/ids.js";
import { CONFIG, url } from "./config.js";

const PIN_LENGTH = ${4 + (t.index % 3)};

/** Asks for the team line's PIN. */
export function PinPrompt({ retry = false }: { retry?: boolean }): ${N.TwiMLElement} {
  return (
    <${N.VoiceResponse}>
      <${N.Gather} numDigits={PIN_LENGTH} action={url("team/join")} timeout={10}>
        <${N.Say} voice={CONFIG.voice}>
          {retry ? "That PIN was not right. " : ""}Enter your <Digits value={PIN_LENGTH} /> digit PIN.
        </${N.Say}>
      </${N.Gather}>
      <${N.Hangup} />
    </${N.VoiceResponse}>
  );
}

/** Joins the team's standing conference; moderators start and end it. */
export function TeamBridge({ moderator }: { moderator: boolean }): ${N.TwiMLElement} {
  return (
    <${N.VoiceResponse}>
      <LiveTranscript callbackUrl={url("team/transcript")} language={CONFIG.locale} />
      <${N.Say} voice={CONFIG.voice}>Joining the {CONFIG.displayName} team line.</${N.Say}>
      <ConferenceBridge room={roomName(CONFIG.id, "team")} moderator={moderator} waitUrl={url("team/hold")} statusCallback={url("team/events")} />
    </${N.VoiceResponse}>
  );
}

export function samples(): ${N.TwiMLElement}[] {
  return [<PinPrompt />, <PinPrompt retry />, <TeamBridge moderator />, <TeamBridge moderator={false} />];
}
`;
}

const EXTRA_FILES = {
  "after-hours": afterHoursFile,
  payments: paymentsFile,
  assistant: assistantFile,
  conference: conferenceFile,
};

/** Every tenant's files, keyed by path; `documents` lists the modules that export `samples()`. */
export function tenantFiles(rng, count) {
  const files = {};
  const documents = [];
  const usedIds = new Set();
  for (let index = 0; index < count; index++) {
    const t = makeTenant(rng, index, usedIds);
    const dir = `src/tenants/${t.id}`;
    // Each file gets its own import style and, where the template has several, its own way of writing.
    const write = (template, variants = 1) => {
      const { N, imports } = namer(rng.pick(STYLES));
      const text = template(t, N, rng.int(0, variants - 1));
      return text.replace("%IMPORTS%", imports());
    };
    files[`${dir}/config.ts`] = configFile(t);
    files[`${dir}/greeting.tsx`] = write(greetingFile);
    const docs = {
      ivr: write(ivrFile, 3),
      department: write(departmentFile, 3),
      voicemail: write(voicemailFile, 2),
      queue: write(queueFile, 2),
      sms: write(smsFile, 2),
      [t.extra]: write(EXTRA_FILES[t.extra]),
    };
    for (const [name, text] of Object.entries(docs)) {
      files[`${dir}/${name}.tsx`] = text;
      documents.push(`./tenants/${t.id}/${name}.js`);
    }
  }
  return { files, documents };
}
