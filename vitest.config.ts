import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // SSML tags are XML-namespaced (`<amazon:effect>`, `xml:lang`), which React's JSX forbids: Vite's transformer
  // warns about each one unless told that this JSX is not React's.
  oxc: { jsx: { runtime: "automatic", importSource: "twiml-jsx", throwIfNamespace: false } },
  resolve: {
    alias: [
      { find: /^twiml-jsx\/jsx-(dev-)?runtime$/, replacement: here("./jsx-runtime/index.ts") },
      { find: /^twiml-jsx\/server$/, replacement: here("./src/server/index.ts") },
      { find: /^twiml-jsx\/testing$/, replacement: here("./src/testing/index.ts") },
      { find: /^twiml-jsx\/read$/, replacement: here("./src/read/index.ts") },
      { find: /^twiml-jsx$/, replacement: here("./src/index.ts") },
    ],
  },
  test: {
    reporters: ["default", "./test/summary-reporter.ts"],
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}", "examples/**/*.test.{ts,tsx}"],
  },
});
