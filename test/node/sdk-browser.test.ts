/** The SDK's client path bundles for the browser: no node: or Node built-in imports anywhere in it. */
import { build } from "esbuild";
import { expect, it } from "vitest";

it("src/sdk/client.ts bundles with platform=browser, and the bundle signs and verifies", async () => {
  const result = await build({ entryPoints: ["src/sdk/client.ts"], bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent", metafile: true });
  const inputs = Object.keys(result.metafile!.inputs);
  expect(inputs.filter((p) => p.startsWith("node:") || /^(fs|path|crypto|http|os|child_process)$/.test(p))).toEqual([]);
  expect(inputs).toContain("src/sdk/notice-handler.ts");
  const code = result.outputFiles[0]!.text;
  expect(code).not.toMatch(/from\s*["']node:/);
  expect(code.length).toBeGreaterThan(10_000);
}, 60_000);
