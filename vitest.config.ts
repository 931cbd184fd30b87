import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two kinds of tests:
// - "workers": run inside workerd with the real bindings (D1, KV, Queues) of wrangler.toml;
//   integration tests go through SELF.fetch.
// - "node": tests that need the host, e.g. the `openssl` command line for interop.
// - "browser": the operator console in Chromium against real `wrangler dev` (test/browser).
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  // Fixed here so a developer's .dev.vars never changes what the tests see.
                  ALLOW_PRIVATE_CP_URLS: "false",
                  ADMIN_USERNAME: "admin",
                  ADMIN_PASSWORD: "test-admin-password",
                  // Test-only keys: a 32-byte hex key for CP secrets, the vectors' platform key.
                  CP_SECRET_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
                  PLATFORM_SM2_PRIVATE_KEY: "833b00a3fa63700a5b16ccbc9d7ffd336bfc39a929941d06dfbc2c21dca2d5d9",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/**/*.test.ts"],
            exclude: ["test/node/**", "test/browser/**"],
            setupFiles: ["./test/setup/apply-migrations.ts"],
          },
        },
        {
          test: {
            name: "node",
            environment: "node",
            include: ["test/node/**/*.test.ts"],
          },
        },
        {
          // The operator console in Debian's Chromium (playwright-core) against real `wrangler dev`.
          test: {
            name: "browser",
            environment: "node",
            include: ["test/browser/**/*.test.ts"],
            globalSetup: ["./test/browser/global-setup.ts"],
            testTimeout: 60_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
