// Types of the ESM entry (index.mjs): the same exports as the CommonJS loader's index.d.ts, as an
// ES module, so that TypeScript does not read the ESM entry as CommonJS (attw's FalseCJS).
import * as binding from './index.js'

export * from './index.js'
export default binding
