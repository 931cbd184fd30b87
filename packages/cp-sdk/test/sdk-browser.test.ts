/** The published client entry bundles for the browser: no node: or Node built-in imports anywhere in it. */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

it("the package root (dist/index.js, as installed) bundles with platform=browser", async () => {
  const result = await build({ entryPoints: ["dist/index.js"], absWorkingDir: PACKAGE_DIR, bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent", metafile: true });
  const inputs = Object.keys(result.metafile!.inputs);
  expect(inputs.filter((p) => p.startsWith("node:") || /^(fs|path|crypto|http|os|child_process)$/.test(p))).toEqual([]);
  const code = result.outputFiles[0]!.text;
  expect(code).not.toMatch(/from\s*["']node:/);
  // The notice handler and the signing code (the WebAssembly SM2/SM3 included) are in it.
  expect(code).toContain("function createNoticeHandler");
  expect(code).toContain("new WebAssembly.Module(");
  expect(inputs.some((p) => p.endsWith("dist/sm-wasm-portable.js"))).toBe(true);
}, 60_000);
