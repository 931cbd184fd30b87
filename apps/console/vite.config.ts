/**
 * Builds the operator console into apps/console/dist/admin/, served by Workers static assets at
 * /admin/ (wrangler.toml [assets] directory = "apps/console/dist"). `_headers` (CSP and security
 * headers) is copied to the root of the assets directory, where the asset server reads it.
 */
import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "/admin/",
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  plugins: [
    {
      name: "gyt345-static-headers",
      apply: "build",
      closeBundle() {
        copyFileSync(`${here}_headers`, `${here}dist/_headers`);
      },
    },
  ],
  build: {
    outDir: "dist/admin",
    emptyOutDir: true,
    target: "es2022",
    // No inline polyfill script: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 700,
  },
});
