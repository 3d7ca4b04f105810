import { readFileSync } from "node:fs";

/**
 * The package's version, from the nearest package.json named `twiml-jsx` above this module: the bundles sit at
 * different depths (dist/cjs/, dist/cjs/tools/) and the source at src/cli/, and dist/cjs/ has a package.json of
 * its own that only sets the module type.
 */
export function packageVersion(): string {
  for (let folder = new URL("./", import.meta.url); ; folder = new URL("../", folder)) {
    const manifest = readManifest(new URL("package.json", folder));
    if (manifest?.name === "twiml-jsx" && typeof manifest.version === "string") return manifest.version;
    if (folder.pathname === "/") throw new Error("twiml-jsx: cannot find the package's package.json");
  }
}

function readManifest(url: URL): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(url, "utf8")) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
