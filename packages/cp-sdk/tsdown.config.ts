import { defineConfig } from "tsdown";

// The kit ships as JavaScript with .d.ts types. @gyt345/protocol (the wire format shared with the
// platform) is private to this repo, so it is bundled in; valibot stays a real dependency.
// The WebAssembly module stays behind the "#sm-wasm" import of package.json, as in the protocol
// package: workerd (a CP's own Worker) gets sm.wasm compiled at build time (it refuses run-time
// compilation), Node and browsers compile the base64 copy.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    node: "src/node.ts",
    testing: "src/testing.ts",
    cli: "src/cli/main.ts",
    "sm-wasm-portable": "../protocol/src/crypto/wasm/module-portable.ts",
  },
  format: "esm",
  platform: "neutral",
  target: "es2022",
  dts: { tsconfig: "tsconfig.build.json" },
  deps: { alwaysBundle: [/^@gyt345\//], neverBundle: [/^node:/, "#sm-wasm"] },
  copy: [{ from: "../protocol/src/crypto/wasm/sm.wasm", to: "dist" }, { from: "src/sm-wasm-workerd.js", to: "dist" }],
  outDir: "dist",
  clean: true,
});
