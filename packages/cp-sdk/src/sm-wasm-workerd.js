// workerd (a CP's Worker built by wrangler): sm.wasm as a module compiled at build time, because
// workerd refuses to compile WebAssembly from bytes at run time. Copied into dist/ as is.
import smModule from "./sm.wasm";

export { smModule };
