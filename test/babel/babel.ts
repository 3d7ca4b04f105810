import { transformAsync, type PluginItem } from "@babel/core";
import twimlJsx from "../../src/babel/index.js";

/** The JSX transform as the README tells Babel users to configure it. */
export const JSX_TRANSFORM: PluginItem = [
  "@babel/plugin-transform-react-jsx",
  { runtime: "automatic", importSource: "twiml-jsx", throwIfNamespace: false },
];

export const REACT_PRESET: PluginItem = [
  "@babel/preset-react",
  { runtime: "automatic", importSource: "twiml-jsx", throwIfNamespace: false },
];

export const TYPESCRIPT_PRESET: PluginItem = ["@babel/preset-typescript", { isTSX: true, allExtensions: true }];

export interface Setup {
  readonly plugins: readonly PluginItem[];
  readonly presets: readonly PluginItem[];
}

/** The recommended setup: the nesting check before the JSX transform. */
export const WITH_PLUGIN: Setup = { plugins: [twimlJsx, JSX_TRANSFORM], presets: [TYPESCRIPT_PRESET] };

/** Compiles TSX to ESM JavaScript with only the given setup (no config files), without colours in code frames. */
export async function compile(code: string, filename: string, setup: Setup = WITH_PLUGIN): Promise<string> {
  const result = await transformAsync(code, {
    filename,
    babelrc: false,
    configFile: false,
    highlightCode: false,
    plugins: [...setup.plugins],
    presets: [...setup.presets],
  });
  return result?.code ?? "";
}

/** The error a compilation fails with; fails the test when it compiles. */
export async function compileError(code: string, filename: string): Promise<Error & { loc?: { line: number; column: number } }> {
  try {
    await compile(code, filename);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${filename} compiled without error`);
}
