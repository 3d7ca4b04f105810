import { mkdirSync, writeFileSync } from "node:fs";
import { generateComponents, generateProps, generateReference } from "./generate-elements.js";

const root = new URL("../../", import.meta.url);
writeFileSync(new URL("src/elements/props.ts", root), generateProps());
writeFileSync(new URL("src/elements/components.ts", root), generateComponents());
mkdirSync(new URL("docs/", root), { recursive: true });
writeFileSync(new URL("docs/elements.md", root), generateReference());
