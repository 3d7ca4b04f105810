import { writeFileSync } from "node:fs";
import { generateComponents, generateProps } from "./generate-elements.js";

writeFileSync(new URL("../../src/elements/props.ts", import.meta.url), generateProps());
writeFileSync(new URL("../../src/elements/components.ts", import.meta.url), generateComponents());
