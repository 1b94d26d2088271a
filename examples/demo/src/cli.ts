/** `npm run demo`: prints the cache experiment's table for every backend that loads here. */
import { availableBackends } from '@chash/core'
import { formatExperiment, runCacheExperiment } from './experiment.js'

const keys = 5000
const consumers = 5
console.log(
  `Placing ${keys} keys on ${consumers} consumers, removing node-${consumers - 1}, then adding it back.\n`,
)
for (const backend of availableBackends()) {
  console.log(`backend: ${backend}`)
  console.log(formatExperiment(runCacheExperiment({ keys, consumers, backend }), `node-${consumers - 1}`))
  console.log()
}
console.log(
  'Consistent placement loses about 1/5 of the keys with the removed consumer and moves none of the others;',
)
console.log('modulo placement moves most keys whenever the number of consumers changes.')
