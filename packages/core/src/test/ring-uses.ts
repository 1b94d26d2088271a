/** Every public use of a ring (ConsistentHashRing or KetamaRing), for the dispose tests. */
import type { ConsistentHashRing, KetamaRing } from '../index.js'
import { KeyBatch } from '../index.js'

/** A call of each method and getter of `ring`; `id` names one of its consumers. */
export function everyUse(
  ring: ConsistentHashRing<number> | KetamaRing<number>,
  id: string,
): Array<() => unknown> {
  return [
    () => ring.size,
    () => ring.pointCount,
    () => ring.addConsumer('z', 1),
    () => ring.removeConsumer(id),
    () => ring.hasConsumer(id),
    () => ring.getWeight(id),
    () => ring.consumerIds(),
    () => ring.getConsumer('k'),
    () => ring.getConsumerId('k'),
    () => ring.getConsumers('k', 2),
    () => ring.getConsumerIds('k', 2),
    () => ring.getConsumerMany(['k']),
    () => ring.getConsumerIdMany([]),
    () => ring.getSlot('k'),
    () => ring.getSlotMany(['k']),
    () => ring.getSlotMany(KeyBatch.from([])),
    () => ring.slotOf(id),
    () => ring.consumerAt(0),
    () => ring.consumerIdAt(0),
  ]
}
