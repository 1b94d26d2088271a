// In a Worker, a .wasm import is the compiled module (a CompiledWasm module rule).
declare module '@chash/core/chash.wasm' {
  const module: WebAssembly.Module
  export default module
}
