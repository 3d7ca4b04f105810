import fc from "fast-check";
import { SaxesParser } from "saxes";
import { expect, test } from "vitest";
import { FlowMap } from "../../src/phone/map.js";
import { stripForbidden } from "../forbidden.js";

const ORIGIN = "http://127.0.0.1:3000";
const post = (path: string, params: Record<string, string> = {}) => ({ method: "POST" as const, url: `${ORIGIN}${path}`, params });

/** The text of every <text> element of an SVG, read back by a real XML parser (which also proves it well-formed). */
function svgTexts(svg: string): string[] {
  const texts: string[] = [];
  let inText = false;
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    if (tag.name === "text") {
      inText = true;
      texts.push("");
    }
  });
  parser.on("closetag", (tag) => {
    if (tag.name === "text") inText = false;
  });
  parser.on("text", (text) => {
    if (inText) texts[texts.length - 1] += text;
  });
  parser.write(svg).close();
  return texts;
}

test("each request is a document node; the caller's input that led to it labels the edge", () => {
  const map = new FlowMap(ORIGIN);
  const call = map.trace("call");
  call.request(post("/menu", { From: "+15550100" }));
  call.request(post("/choice", { Digits: "12", FinishedOnKey: "#" }));
  call.request(post("/menu", { Digits: "", FinishedOnKey: "" }));
  call.request(post("/choice", { SpeechResult: "sales", Confidence: "0.9" }));
  call.request(post("/after", { DialCallStatus: "busy", DialCallSid: "CA1" }));
  call.request(post("/left", { QueueResult: "bridged" }));
  call.request(post("/paid", { Result: "success" }));
  call.request(post("/saved", { RecordingUrl: "http://x/RE1", Digits: "hangup" }));
  call.request(post("/next"));
  call.end("completed");
  expect(map.toMermaid()).toBe(
    [
      "flowchart LR",
      '  n0(["Incoming call"])',
      '  n1["/menu"]',
      '  n2["/choice"]',
      '  n3["/after"]',
      '  n4["/left"]',
      '  n5["/paid"]',
      '  n6["/saved"]',
      '  n7["/next"]',
      '  n8(("completed"))',
      '  n0 -->|"call"| n1',
      '  n1 -->|"keys 12"| n2',
      '  n2 -->|"no input"| n1',
      '  n1 -->|"said #quot;sales#quot;"| n2',
      '  n2 -->|"dial busy"| n3',
      '  n3 -->|"queue bridged"| n4',
      '  n4 -->|"pay success"| n5',
      '  n5 -->|"recording"| n6',
      '  n6 -->|"redirect"| n7',
      "  n7 --> n8",
      "",
    ].join("\n"),
  );
});

test("a GET document is one node whatever parameters Twilio added to its query; its own query stays", () => {
  const map = new FlowMap(ORIGIN);
  const call = map.trace("call");
  call.request({ method: "GET", url: `${ORIGIN}/menu?attempt=2&From=%2B1555&CallSid=CA1`, params: { From: "+1555", CallSid: "CA1" } });
  const again = map.trace("call");
  again.request({ method: "GET", url: `${ORIGIN}/menu?attempt=2&From=%2B1666&CallSid=CA2`, params: { From: "+1666", CallSid: "CA2" } });
  expect(map.toMermaid()).toBe('flowchart LR\n  n0(["Incoming call"])\n  n1["/menu?attempt=2"]\n  n0 -->|"call"| n1\n');
});

test("documents on another origin keep their whole URL", () => {
  const map = new FlowMap(ORIGIN);
  map.trace("call").request({ method: "POST", url: "https://example.com/hold", params: {} });
  expect(map.toMermaid()).toContain('n1["https://example.com/hold"]');
});

// https://www.twilio.com/docs/api/errors/11216: Twilio follows 301, 302, 303 and 307 redirects.
test("a document reached by an HTTP redirect is labelled with the status", () => {
  const map = new FlowMap(ORIGIN);
  const call = map.trace("call");
  call.request(post("/old"));
  call.response(301);
  call.request({ method: "GET", url: `${ORIGIN}/new`, params: {} });
  call.response(200);
  expect(map.toMermaid().split("\n").slice(4, 6)).toEqual(['  n0 -->|"call"| n1', '  n1 -->|"HTTP 301"| n2']);
});

test("a message starts from its own node, labelled by the text sent", () => {
  const map = new FlowMap(ORIGIN);
  map.trace("message").request(post("/sms", { Body: "MENU" }));
  map.trace("message").request(post("/sms", { Body: "MENU" }));
  expect(map.toMermaid()).toBe('flowchart LR\n  n0(["Incoming message"])\n  n1["/sms"]\n  n0 -->|"text #quot;MENU#quot;"| n1\n');
  expect(map.toSvg()).toContain('<title>Incoming message → /sms: text "MENU" (2×)</title>');
});

test("the SVG names itself for screen readers and lays documents out by distance from the start", () => {
  const map = new FlowMap(ORIGIN);
  const call = map.trace("call");
  call.request(post("/a"));
  call.request(post("/b", { Digits: "1" }));
  call.end("hangup");
  const svg = map.toSvg();
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="')).toBe(true);
  expect(svg).toContain('role="img" aria-label="Flow map: 4 nodes, 3 edges"');
  expect(svgTexts(svg)).toEqual(["call", "keys 1", "Incoming call", "/a", "/b", "hangup"]);
  const xs = [...svg.matchAll(/<rect x="(\d+)"/g)].map((m) => Number(m[1]));
  expect(xs).toEqual([...xs].sort((a, b) => a - b));
});

test("clear empties the map", () => {
  const map = new FlowMap(ORIGIN);
  map.trace("call").request(post("/a"));
  map.clear();
  expect(map.toMermaid()).toBe("flowchart LR\n");
  expect(map.size).toBe(0);
});

test("any text the caller sends or says reaches the SVG escaped and the Mermaid text quoted", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => `<a href="x">${s}</a> & "quoted"\r\n${s}`),
      (words) => {
        // Characters XML cannot carry are dropped by the escaper, as everywhere in the package; a label is one line.
        const shown = stripForbidden(words.replace(/\s+/g, " "));
        const map = new FlowMap(ORIGIN);
        map.trace("message").request(post("/sms", { Body: words }));
        expect(svgTexts(map.toSvg())[0]).toBe(`text "${shown}"`);
        const lines = map.toMermaid().split("\n");
        expect(lines.length).toBe(5);
        const edge = lines[3]!;
        expect(edge.slice(edge.indexOf("|") + 1, edge.lastIndexOf("|")).slice(1, -1)).not.toMatch(/["<>]/);
      },
    ),
  );
});
