import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// One project per workspace package, each in the runner its code runs in:
// - protocol, cp-sdk: Node (the `openssl` command line for interop, the CLI as a process);
// - platform: workerd with the real bindings (D1, KV, Queues) of wrangler.toml, through SELF.fetch;
// - console: the operator console in Debian's Chromium (playwright-core) against real `wrangler dev`.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./apps/platform/migrations");
  return {
    test: {
      projects: [
        {
          test: {
            name: "protocol",
            environment: "node",
            include: ["packages/protocol/test/**/*.test.ts"],
          },
        },
        {
          test: {
            name: "cp-sdk",
            environment: "node",
            include: ["packages/cp-sdk/test/**/*.test.ts"],
          },
        },
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
            name: "platform",
            include: ["apps/platform/test/**/*.test.ts"],
            setupFiles: ["./apps/platform/test/setup/apply-migrations.ts"],
          },
        },
        {
          test: {
            name: "console",
            environment: "node",
            include: ["apps/console/test/**/*.test.ts"],
            globalSetup: ["./apps/console/test/global-setup.ts"],
            testTimeout: 60_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
