/**
 * Bundles the suite's entries with esbuild: fixtures and test helpers are inlined, while @chash/*
 * stays an import that each runtime resolves from tests/runtimes/node_modules (the workspace's
 * builds). The Worker bundle inlines @chash/core and the wasm glue too (workerd has no
 * node_modules) and keeps `@chash/core/chash.wasm` as a module for the Worker's module rules.
 */
import { build } from 'esbuild'

const dist = new URL('../dist/', import.meta.url)

/** Builds dist/cli.mjs and dist/worker.mjs; returns their paths. */
export async function bundleSuite(): Promise<{ cli: string; worker: string }> {
  const common = {
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
  } as const
  const cli = new URL('cli.mjs', dist).pathname
  const worker = new URL('worker.mjs', dist).pathname
  await Promise.all([
    build({
      ...common,
      entryPoints: [new URL('entries/cli.ts', import.meta.url).pathname],
      outfile: cli,
      platform: 'neutral',
      external: ['@chash/*'],
    }),
    build({
      ...common,
      entryPoints: [new URL('entries/worker.ts', import.meta.url).pathname],
      outfile: worker,
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      external: ['@chash/core/chash.wasm'],
    }),
  ])
  return { cli, worker }
}
