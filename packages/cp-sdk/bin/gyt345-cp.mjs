#!/usr/bin/env node
// Package bin `gyt345-cp`: the built CLI (dist/cli.js), plain JavaScript, no TypeScript loader.
await import("../dist/cli.js");
