// Type-checked by types.test.ts with the TypeScripts that have `using` (5.2 and later): the rings
// are Disposable without lib esnext.disposable or @types/node in the consumer's project.
import { ConsistentHashRing, KetamaRing, MementoHash, MementoRing } from '@chash/core'

export function placeOnce(key: string): Array<string | number | undefined> {
  using ring = new ConsistentHashRing<string>().addConsumer('a', 'A')
  using memento = new MementoHash(4)
  using mementoRing = new MementoRing<string>().addConsumer('a', 'A')
  using ketama = new KetamaRing<string>().addConsumer('10.0.0.1:11211', 'A')
  const disposable: Disposable = ring
  return [
    disposable === ring ? ring.getConsumer(key) : undefined,
    memento.getBucket(key),
    mementoRing.getConsumer(key),
    ketama.getConsumer(key),
  ]
}
