// ESM entry: Node's CommonJS named-export detection sees only the exports that napi's generated
// loader (index.js) assigns by name, which leaves out the hand-written Node-API functions; this
// names every export of index.d.ts so that `import { jump } from '@chash/native'` works.
import binding from './index.js'

export const {
  NativeKetama,
  NativeMemento,
  NativeRing,
  hash64,
  jump,
  jumpMany,
  jumpKey,
  jumpKeysMany,
  liveEngines,
  nativeMemory,
  __napiBindingTarget,
} = binding
export default binding
