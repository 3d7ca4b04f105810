// <ConversationRelay> attributes in both the spellings in use, its <Language> and <Parameter> children, and the
// retired products. https://www.twilio.com/docs/voice/twiml/connect/conversationrelay
import twilio from "twilio";
import { describe, expect, test } from "vitest";
import { Connect, ConversationRelay, Language, Parameter, render, TwiMLError, VoiceResponse, type TwiMLElement } from "twiml-jsx";
import { ELEMENTS, NOT_OFFERED } from "../src/vocabulary/elements.js";
import { thrown } from "./thrown.js";

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const URL_ = "wss://example.com/relay";

const relay = (element: TwiMLElement): string =>
  render(
    <VoiceResponse>
      <Connect>{element}</Connect>
    </VoiceResponse>,
  );

/** The same document from the `twilio` package's builder. */
// biome-ignore lint/suspicious/noExplicitAny: the builder's ConversationRelay class is not exported by the twilio package.
function builder(attributes: Record<string, unknown>, children?: (relay: any) => void): string {
  const response = new twilio.twiml.VoiceResponse();
  const made = response.connect().conversationRelay(attributes as never);
  children?.(made);
  return response.toString();
}

describe("attributes in the camelCase spelling of Twilio's changelog and users' code", () => {
  test("render with their typed values", () => {
    expect(
      relay(
        <ConversationRelay
          url={URL_}
          backgroundNoiseReduction="true"
          deepgramSmartFormat
          eotThreshold="0.8"
          ignoreBackchannel
          speechTimeout={1200}
        />,
      ),
    ).toBe(
      `${XML}<Response><Connect><ConversationRelay url="${URL_}" backgroundNoiseReduction="true" deepgramSmartFormat="true" ` +
        `eotThreshold="0.8" ignoreBackchannel="true" speechTimeout="1200"/></Connect></Response>`,
    );
  });

  test("render byte for byte as the twilio builder writes the same attributes", () => {
    const attributes = { url: URL_, ignoreBackchannel: true, speechTimeout: 600, eotThreshold: "0.7", deepgramSmartFormat: false };
    expect(relay(<ConversationRelay {...attributes} />)).toBe(builder(attributes));
  });

  test("a negative speechTimeout is TWIML005", () => {
    expect(thrown(() => relay(<ConversationRelay url={URL_} speechTimeout={-5} />)).message).toBe(
      "<ConversationRelay speechTimeout={-5}> is not valid: expected a whole number of at least 0 at Response > Connect[0] > ConversationRelay",
    );
  });

  test("an eotThreshold that is not a decimal confidence is TWIML005", () => {
    const e = thrown(() => relay(<ConversationRelay url={URL_} eotThreshold="high" />));
    expect(e.code).toBe("TWIML005");
  });

  test("ignoreBackchannel takes true or false only", () => {
    const e = thrown(() => relay(<ConversationRelay url={URL_} ignoreBackchannel={"yes" as never} />));
    expect(e.message).toBe(
      '<ConversationRelay ignoreBackchannel={"yes"}> is not valid: expected true or false at Response > Connect[0] > ConversationRelay',
    );
  });
});

describe("attributes in the lower-case spelling of the twilio package's builder", () => {
  test("render byte for byte as the builder writes them", () => {
    const attributes = {
      url: URL_,
      backgroundnoisereduction: "true",
      deepgramsmartformat: "true",
      ignorebackchannel: "true",
      speechtimeout: "800",
    };
    expect(relay(<ConversationRelay {...attributes} />)).toBe(builder(attributes));
  });
});

describe("children", () => {
  test("<Language> and <Parameter> render as the twilio builder writes them", () => {
    expect(
      relay(
        <ConversationRelay url={URL_} language="multi">
          <Language
            code="en-US"
            ttsProvider="ElevenLabs"
            voice="UgBBYS2sOqTuMpoF3BR0"
            transcriptionProvider="Deepgram"
            speechModel="nova-3-general"
          />
          <Language code="es-ES" ttsProvider="Google" voice="es-ES-Journey-F" />
          <Parameter name="customerId" value="c-42 & co" />
        </ConversationRelay>,
      ),
    ).toBe(
      builder({ url: URL_, language: "multi" }, (r) => {
        r.language({
          code: "en-US",
          ttsProvider: "ElevenLabs",
          voice: "UgBBYS2sOqTuMpoF3BR0",
          transcriptionProvider: "Deepgram",
          speechModel: "nova-3-general",
        });
        r.language({ code: "es-ES", ttsProvider: "Google", voice: "es-ES-Journey-F" });
        r.parameter({ name: "customerId", value: "c-42 & co" });
      }),
    );
  });

  test("a <Language> needs its code", () => {
    const e = thrown(() =>
      relay(
        <ConversationRelay url={URL_}>
          <Language {...({} as { code: string })} />
        </ConversationRelay>,
      ),
    );
    expect(e.message).toBe('<Language> needs the "code" attribute at Response > Connect[0] > ConversationRelay[0] > Language');
  });

  test("a <Parameter> needs its name and value", () => {
    const e = thrown(() =>
      relay(
        <ConversationRelay url={URL_}>
          <Parameter name="a" {...({} as { value: string })} />
        </ConversationRelay>,
      ),
    );
    expect(e).toBeInstanceOf(TwiMLError);
    expect(e.code).toBe("TWIML006");
  });
});

describe("retired products", () => {
  test("<Autopilot> still renders and says what replaced it", () => {
    const autopilot = ELEMENTS.find((d) => d.tag === "Autopilot")!;
    expect([autopilot.deprecated, autopilot.retired?.includes("<ConversationRelay>")]).toEqual([true, true]);
  });

  test("<Assistant> is not offered, and the reason names what to use", () => {
    expect(ELEMENTS.some((d) => d.tag === "Assistant")).toBe(false);
    expect(NOT_OFFERED.map((n) => n.tag)).toEqual(["Assistant"]);
  });

  test("<Assistant> is refused as an unknown element, pointing to the escape hatch", () => {
    const e = thrown(() =>
      render(
        <VoiceResponse>
          <Connect>{{ $$typeof: Symbol.for("twiml-jsx.element"), type: "Assistant", props: {}, key: null } as never}</Connect>
        </VoiceResponse>,
      ),
    );
    expect(e.code).toBe("TWIML016");
  });
});
