// Every installed package, development tools included, must run on the Node versions the project supports:
// `npm ci` warns EBADENGINE otherwise, and CI runs on Node 20. Reads each package.json under node_modules
// (nested node_modules too) and checks its `engines.node` range.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import semver from "semver";
import { describe, expect, test } from "vitest";
import { repo } from "./package-tarball.js";

interface Installed {
  /** Path under the repository, e.g. `node_modules/fastify/node_modules/cookie`. */
  path: string;
  name: string;
  version: string;
  node: string | undefined;
}

function* packagesIn(modules: string): Generator<Installed> {
  let entries: string[];
  try {
    entries = readdirSync(modules);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith(".")) continue;
    const folders = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((name) => join(entry, name)) : [entry];
    for (const folder of folders) {
      const dir = join(modules, folder);
      let manifest: { name?: string; version?: string; engines?: { node?: string } };
      try {
        manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as typeof manifest;
      } catch {
        continue;
      }
      yield { path: relative(repo, dir), name: manifest.name ?? folder, version: manifest.version ?? "", node: manifest.engines?.node };
      yield* packagesIn(join(dir, "node_modules"));
    }
  }
}

const installed = [...packagesIn(join(repo, "node_modules"))];
const project = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
const describeRange = (pkg: Installed): string => `${pkg.path} (${pkg.name}@${pkg.version}) needs node ${pkg.node}`;

describe("engines of the installed packages", () => {
  test("the dependency tree was read", () => {
    expect(installed.some((pkg) => pkg.name === "vitest")).toBe(true);
  });

  test("the project itself supports Node 20", () => {
    expect(semver.intersects(project, "20.x")).toBe(true);
  });

  test("every installed package accepts some Node 20 release", () => {
    const excluding = installed.filter((pkg) => pkg.node !== undefined && !semver.intersects(pkg.node, "20.x"));
    expect(excluding.map(describeRange)).toEqual([]);
  });

  test("every installed package accepts the Node running the tests", () => {
    const excluding = installed.filter(
      (pkg) => pkg.node !== undefined && !semver.satisfies(process.versions.node, pkg.node, { includePrerelease: true }),
    );
    expect(excluding.map(describeRange)).toEqual([]);
  });
});
