// Node and browsers (SDK, CLI, scripts, node tests, a CP's web page): the same committed
// sm.wasm, carried as base64 so no bundler or file access is needed, compiled from its bytes.
import { SM_WASM_BASE64 } from "./sm-wasm-bytes";

// The Workers types declare the constructor abstract (workerd refuses run-time compilation);
// this module is never loaded in workerd (package.json "imports" picks module-workerd.ts there).
const Compile = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
export const smModule: WebAssembly.Module = new Compile(Uint8Array.from(atob(SM_WASM_BASE64), (c) => c.charCodeAt(0)));
