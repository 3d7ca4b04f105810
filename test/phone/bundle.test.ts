// The phone bundled as the package bundles its commands (rolldown, one file per format), then run by Node in a
// child process: the page travels inside the JavaScript, so both the ESM and the CommonJS builds serve it
// without looking for files next to themselves.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rolldown } from "rolldown";
import { afterAll, expect, test } from "vitest";
import { PAGE } from "../../src/phone/page.js";

const dir = mkdtempSync(join(tmpdir(), "twiml-phone-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the bundled command on a free port, fetches the page's three files, stops it, prints their sizes. */
const client = (load: string): string => `
(async () => {
  const { run } = ${load};
  const stop = new AbortController();
  let out = "";
  const io = { stdout: { write: (s) => (out += s) }, stderr: { write: (s) => process.stderr.write(s) }, env: {}, cwd: "." };
  const running = run(["http://127.0.0.1:9/voice"], io, stop.signal);
  while (!out.includes("open ")) await new Promise((resolve) => setTimeout(resolve, 20));
  const page = /open (\\S+)/.exec(out)[1];
  const sizes = [];
  for (const file of ["", "phone.css", "phone.js"]) sizes.push((await (await fetch(page + file)).text()).length);
  stop.abort();
  process.stdout.write(JSON.stringify({ sizes, status: await running }));
})();
`;

test.each(["esm", "cjs"] as const)(
  "the %s bundle serves the page",
  async (format) => {
    const bundle = await rolldown({
      input: { phone: new URL("../../src/phone/cli.ts", import.meta.url).pathname },
      platform: "node",
      external: [/^node:/],
    });
    await bundle.write({ dir: join(dir, format), format, entryFileNames: format === "esm" ? "[name].mjs" : "[name].cjs" });
    await bundle.close();
    const script = join(dir, format === "esm" ? "client.mjs" : "client.cjs");
    writeFileSync(script, client(format === "esm" ? `await import("./esm/phone.mjs")` : `require("./cjs/phone.cjs")`));
    const child = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 30_000 });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual({ sizes: [PAGE.html.length, PAGE.style.length, PAGE.script.length], status: 0 });
  },
  60_000,
);
