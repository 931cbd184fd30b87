/**
 * A working copy of the project for mutation runs: the workspace packages and the root config,
 * without node_modules or build caches. Dependencies resolve from the real node_modules one
 * level up, except our own workspace packages, which are linked to the copy's packages so a
 * mutated file is the one every importer sees.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";

const ENTRIES = ["packages", "apps", "vitest.config.ts", "wrangler.toml", "tsconfig.json", "tsconfig.base.json", "package.json"];

export function copyProject(root: string, dest: string, skip: (path: string) => boolean = () => false): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of ENTRIES) {
    if (!existsSync(join(root, entry))) continue;
    cpSync(join(root, entry), join(dest, entry), { recursive: true, filter: (p) => !p.includes("/node_modules") && !p.includes("/.wrangler") && !skip(p) });
  }
  const workspaces = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[] }).workspaces;
  mkdirSync(join(dest, "node_modules", "@gyt345"), { recursive: true });
  for (const ws of workspaces) {
    const name = (JSON.parse(readFileSync(join(root, ws, "package.json"), "utf8")) as { name: string }).name;
    symlinkSync(join(dest, ws), join(dest, "node_modules", name), "dir");
  }
}
