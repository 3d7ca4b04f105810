// The vocabulary against the `twilio` package's generated TwiML classes: every element Twilio's builder can
// put inside another, and every attribute it types, must be known here. When an upgrade of the development
// dependency adds one, this test lists exactly what to add to src/vocabulary/elements.ts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";
import { ELEMENTS } from "../src/vocabulary/elements.js";
import type { Context, ElementDef } from "../src/vocabulary/types.js";

const twiml = join(dirname(createRequire(import.meta.url).resolve("twilio/package.json")), "lib", "twiml");

/** One way Twilio's builder nests an element, with the attributes it types for it. */
interface BuilderForm {
  readonly context: Context;
  readonly parent: string;
  readonly tag: string;
  readonly attributes: readonly string[];
}

const FILES: readonly { readonly context: Context; readonly root: string }[] = [
  { context: "voice", root: "VoiceResponse" },
  { context: "messaging", root: "MessagingResponse" },
  { context: "fax", root: "FaxResponse" },
];

/** `class X extends TwiML_1.default { … }` bodies of the compiled builder, by class name. */
function classBodies(js: string): Map<string, string> {
  const bodies = new Map<string, string>();
  const starts = [...js.matchAll(/^\s*class (\w+) extends TwiML_1\.default \{/gm)];
  for (const [i, m] of starts.entries()) bodies.set(m[1]!, js.slice(m.index, starts[i + 1]?.index ?? js.length));
  return bodies;
}

/** The attribute names of every `…Attributes` interface in the declarations. */
function attributeInterfaces(dts: string): Map<string, string[]> {
  const source = ts.createSourceFile("twiml.d.ts", dts, ts.ScriptTarget.Latest);
  const interfaces = new Map<string, string[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node)) {
      interfaces.set(
        node.name.text,
        node.members.flatMap((m) => (m.name !== undefined && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : [])),
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return interfaces;
}

/** The method signatures of each class in the declarations: method name → its attributes interface. */
function methodAttributes(dts: string): Map<string, Map<string, string | undefined>> {
  const source = ts.createSourceFile("twiml.d.ts", dts, ts.ScriptTarget.Latest);
  const classes = new Map<string, Map<string, string | undefined>>();
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name !== undefined) {
      const methods = new Map<string, string | undefined>();
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const typed = member.parameters.map((p) => p.type?.getText(source) ?? "").find((t) => t.endsWith("Attributes"));
        if (!methods.has(member.name.text) || typed !== undefined) methods.set(member.name.text, typed?.split(".").pop());
      }
      classes.set(node.name.text, methods);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return classes;
}

function builderForms(): BuilderForm[] {
  const forms: BuilderForm[] = [];
  for (const { context, root } of FILES) {
    const js = readFileSync(join(twiml, `${root}.js`), "utf8");
    const dts = readFileSync(join(twiml, `${root}.d.ts`), "utf8");
    const interfaces = attributeInterfaces(dts);
    const methods = methodAttributes(dts);
    const bodies = classBodies(js);
    /** The tag each builder class writes: the `ele("Tag")` of any method returning it. */
    const tagOf = new Map<string, string>([[root, "Response"]]);
    for (const body of bodies.values()) {
      for (const m of body.matchAll(/new \w+\.(\w+)\(this\.\w+\.ele\("([^"]+)"/g)) tagOf.set(m[1]!, m[2]!);
    }
    for (const [className, body] of bodies) {
      const parent = tagOf.get(className);
      if (parent === undefined) continue;
      // Each method up to the next: a child-making one ends in `return new X.Child(this.x.ele("Tag", …))`.
      const headers = [...body.matchAll(/^\s+(\w+)\([^)]*\) \{$/gm)];
      headers.forEach((header, i) => {
        const method = body.slice(header.index, headers[i + 1]?.index ?? body.length);
        const made = /return new \w+\.\w+\(this\.\w+\.ele\("([^"]+)"/.exec(method);
        if (made === null) return;
        const attributesType = methods.get(className)?.get(header[1]!);
        forms.push({
          context,
          parent,
          tag: made[1]!,
          attributes: attributesType === undefined ? [] : (interfaces.get(attributesType) ?? []),
        });
      });
    }
  }
  return forms;
}

const forms = builderForms();

test("the builder's classes are read: every context has forms, and a known form has its attributes", () => {
  expect(new Set(forms.map((f) => f.context))).toEqual(new Set(["voice", "messaging", "fax"]));
  const relay = forms.find((f) => f.parent === "Connect" && f.tag === "ConversationRelay");
  expect(relay?.attributes).toContain("welcomeGreeting");
  expect(forms.length).toBeGreaterThan(100);
});

/** Where the builder nests an element that `vocabulary` has no form for. */
function missingElements(vocabulary: readonly ElementDef[]): string[] {
  const placed = (f: BuilderForm, d: ElementDef): boolean =>
    d.context === f.context &&
    d.tag === f.tag &&
    (f.parent === "Response" ? d.parents.length === 0 || d.parents.includes("Response") : d.parents.includes(f.parent));
  return forms.filter((f) => !vocabulary.some((d) => placed(f, d))).map((f) => `${f.context}: <${f.parent}> > <${f.tag}>`);
}

/** The attributes the builder types that `vocabulary` lacks, spelled as the builder spells them. */
function missingAttributes(vocabulary: readonly ElementDef[]): string[] {
  return forms.flatMap((f) => {
    const form = vocabulary.find((d) => d.context === f.context && d.tag === f.tag && d.parents.includes(f.parent));
    if (form === undefined) return [];
    return f.attributes
      .filter((name) => !form.attributes.some((a) => a.name === name))
      .map((name) => `${f.context}: <${f.parent}> > <${f.tag} ${name}>`);
  });
}

test("every element the twilio builder nests is in the vocabulary, in the same place", () => {
  expect(missingElements(ELEMENTS)).toEqual([]);
});

test("every attribute the twilio builder types is in the vocabulary, spelled as the builder spells it", () => {
  expect(missingAttributes(ELEMENTS)).toEqual([]);
});

test("the check lists what a vocabulary lacks", () => {
  const trimmed = ELEMENTS.filter((d) => d.tag !== "Echo").map((d) =>
    d.tag === "ConversationRelay" ? { ...d, attributes: d.attributes.filter((a) => a.name !== "welcomeGreeting") } : d,
  );
  expect(missingElements(trimmed)).toEqual(["voice: <Response> > <Echo>"]);
  expect(missingAttributes(trimmed)).toEqual(["voice: <Connect> > <ConversationRelay welcomeGreeting>"]);
});
