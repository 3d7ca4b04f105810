import { Gather, Hangup, Redirect, Say, VoiceResponse, type SayProps, type TwiMLElement, type TwiMLNode } from "twiml-jsx";

export interface MenuOption {
  /** Key to press. */
  digit: number;
  /** Word to say instead of pressing the key; also sent to speech recognition as a hint. */
  keyword: string;
  /** What the option leads to, as spoken: "For {label}, press…". */
  label: string;
}

export interface MenuProps {
  options: readonly MenuOption[];
  /** Webhook that receives the key press (`Digits`) or the words (`SpeechResult`). */
  action: string;
  voice?: SayProps["voice"];
  /** Spoken before the options. */
  children?: TwiMLNode;
}

/** Reads out the options and waits for one key press or one spoken keyword. */
export function Menu({ options, action, voice, children }: MenuProps): TwiMLElement {
  return (
    <Gather input={["dtmf", "speech"]} numDigits={1} action={action} hints={options.map((o) => o.keyword)}>
      <Say voice={voice}>
        {children}
        {options.map((o) => (
          <>
            For {o.label}, press <say-as interpret-as="digits">{o.digit}</say-as> or say <emphasis>{o.keyword}</emphasis>.
            <break time="300ms" />
          </>
        ))}
      </Say>
    </Gather>
  );
}

export const MAIN_MENU: readonly MenuOption[] = [
  { digit: 1, keyword: "sales", label: "sales" },
  { digit: 2, keyword: "support", label: "technical support" },
  { digit: 3, keyword: "billing", label: "billing questions" },
];

export interface MainMenuProps {
  /** The caller's name from a CRM lookup; unknown callers get a generic welcome. */
  callerName?: string;
  options?: readonly MenuOption[];
  voice?: SayProps["voice"];
  /** How many times the menu has been played in this call, counting this one. */
  attempt?: number;
  /** After this many silent attempts the call ends. */
  maxAttempts?: number;
}

/** The main menu; when the caller stays silent it plays again, up to `maxAttempts` times, then hangs up. */
export function MainMenu({
  callerName,
  options = MAIN_MENU,
  voice = "Polly.Joanna",
  attempt = 1,
  maxAttempts = 3,
}: MainMenuProps): TwiMLElement {
  return (
    <VoiceResponse>
      <Menu options={options} action={`/ivr/choice?menu=main&attempt=${attempt}`} voice={voice}>
        <prosody rate="95%">{callerName === undefined ? "Thanks for calling Acme." : `Welcome back, ${callerName}.`}</prosody>
        <break time="500ms" />
      </Menu>
      {attempt < maxAttempts ? (
        <>
          <Say voice={voice}>Sorry, I didn't get that.</Say>
          <Redirect>{`/ivr/main?menu=main&attempt=${attempt + 1}`}</Redirect>
        </>
      ) : (
        <>
          <Say voice={voice}>Sorry, I still didn't get that. Goodbye.</Say>
          <Hangup />
        </>
      )}
    </VoiceResponse>
  );
}

export function defaultMainMenu(): TwiMLElement {
  return <MainMenu callerName={"O'Brien & Sons <VIP>"} />;
}
