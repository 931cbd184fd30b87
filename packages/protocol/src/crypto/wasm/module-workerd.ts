// workerd (wrangler dev, deploy, the Workers test pool): the module is compiled at build time,
// because workerd refuses to compile WebAssembly from bytes at run time.
import sm2Wasm from "./sm.wasm";

export const smModule: WebAssembly.Module = sm2Wasm;
