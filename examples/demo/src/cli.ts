/**
 * `npm run demo [-- cache|workers|pictures] [--json] [--write-readme]`:
 * - cache (default): the sharded cache over 5 real redis-server processes;
 * - workers: jobs split among forked worker processes over Redis, one of them killed mid-run;
 * - pictures: the SVG charts under docs/pictures/ (Vega-Lite rendered by Vega).
 * `--json` prints the figures as JSON; `--write-readme` also writes them into README.md's section.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startCluster } from './cache/cluster.js'
import { cacheHeading, cacheTable, replicaTable } from './cache/report.js'
import { runCacheExperiment } from './cache/scenario.js'
import { writePictures } from './pictures/write.js'
import { markdownTable, replaceSection, textTable } from './table.js'
import { workersHeading, workersTable } from './workers/report.js'
import { runWorkersExperiment } from './workers/run.js'

const README = fileURLToPath(new URL('../../../README.md', import.meta.url))

function writeReadme(section: string, body: string): void {
  writeFileSync(README, replaceSection(readFileSync(README, 'utf8'), section, body))
  console.error(`[demo] wrote the ${section} section of README.md`)
}

async function cache(json: boolean, readme: boolean): Promise<void> {
  const cluster = await startCluster(5, (why) =>
    console.error(`[demo] ${why}: running a SIMULATION in memory`),
  )
  try {
    const result = await runCacheExperiment(cluster)
    if (json) console.log(JSON.stringify(result, null, 2))
    else {
      console.log(cacheHeading(result))
      console.log(`\n${textTable(cacheTable(result))}\n\n${textTable(replicaTable(result))}`)
    }
    if (readme) {
      writeReadme(
        'demo-cache',
        `${cacheHeading(result)}\n\n${markdownTable(cacheTable(result))}\n\n${markdownTable(replicaTable(result))}`,
      )
    }
  } finally {
    await cluster.close()
  }
}

async function workers(json: boolean, readme: boolean): Promise<void> {
  const result = await runWorkersExperiment()
  if (json) console.log(JSON.stringify(result, null, 2))
  else console.log(`${workersHeading(result)}\n\n${textTable(workersTable(result))}`)
  if (readme)
    writeReadme('demo-workers', `${workersHeading(result)}\n\n${markdownTable(workersTable(result))}`)
}

async function main(args: string[]): Promise<void> {
  const json = args.includes('--json')
  const readme = args.includes('--write-readme')
  const command = args.find((a) => !a.startsWith('--')) ?? 'cache'
  if (command === 'cache') await cache(json, readme)
  else if (command === 'workers') await workers(json, readme)
  else if (command === 'pictures') for (const file of await writePictures()) console.log(`wrote ${file}`)
  else throw new RangeError(`command must be cache, workers or pictures, got ${command}`)
}

main(process.argv.slice(2)).then(
  // ioredis and forked workers may keep handles open; everything is stopped, so leave now.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error)
    process.exit(1)
  },
)
