/**
 * The page of the installed project (app/), built by each bundler as an app would build it, with
 * the bundlers' own options and no chash-specific plugin: Vite (tests/browser's harness) and
 * webpack 5 from main.js (init() finds the .wasm they emit), esbuild and Rollup from
 * main-asset.js (the README's recipe: `@chash/core/chash.wasm` imported as a file, given to
 * init()). Also the Node server bundle of server.mjs (esbuild, platform node).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import jsonModule from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import urlModule from '@rollup/plugin-url'
import { build as esbuild } from 'esbuild'
import { rollup } from 'rollup'
import webpack from 'webpack'

// Their ESM builds export the plugin as default; their types are read as CommonJS under nodenext.
const json = jsonModule as unknown as typeof jsonModule.default
const url = urlModule as unknown as typeof urlModule.default

export type Bundler = 'esbuild' | 'rollup' | 'webpack'

/** Every file under `dir`, relative to it. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

/** app/index.html with its script replaced by the bundle's. */
function writeHtml(app: string, outDir: string, script: string): void {
  const html = readFileSync(join(app, 'index.html'), 'utf8').replace(
    /<script type="module" src="\.\/main\.js"><\/script>/,
    script,
  )
  writeFileSync(join(outDir, 'index.html'), html)
}

/** Builds the page of `app` with `bundler` into `outDir`; returns the files written. */
export async function bundlePage(bundler: Bundler, app: string, outDir: string): Promise<string[]> {
  if (bundler === 'esbuild') {
    await esbuild({
      absWorkingDir: app,
      entryPoints: ['main-asset.js'],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      outfile: join(outDir, 'bundle.js'),
      loader: { '.wasm': 'file' },
      logLevel: 'warning',
    })
    writeHtml(app, outDir, '<script type="module" src="./bundle.js"></script>')
  } else if (bundler === 'rollup') {
    const bundle = await rollup({
      input: join(app, 'main-asset.js'),
      plugins: [nodeResolve({ browser: true }), json(), url({ include: ['**/*.wasm'], limit: 0 })],
      logLevel: 'warn',
    })
    await bundle.write({ dir: outDir, format: 'es', entryFileNames: 'bundle.js' })
    await bundle.close()
    writeHtml(app, outDir, '<script type="module" src="./bundle.js"></script>')
  } else {
    const stats = await new Promise<webpack.Stats | undefined>((done, fail) =>
      webpack(
        {
          context: app,
          entry: './main.js',
          mode: 'production',
          target: 'web',
          output: { path: outDir, filename: 'bundle.js' },
          optimization: { minimize: false },
        },
        (error, result) => (error ? fail(error) : done(result)),
      ),
    )
    if (stats?.hasErrors()) throw new Error(stats.toString('errors-only'))
    // A classic script: webpack's automatic public path reads document.currentScript.
    writeHtml(app, outDir, '<script src="./bundle.js" defer></script>')
  }
  return listFiles(outDir)
}

/** Bundles app/server.mjs for Node with esbuild (the .wasm asset as a file) into `outDir`. */
export async function bundleServer(app: string, outDir: string): Promise<string[]> {
  await esbuild({
    absWorkingDir: app,
    entryPoints: ['server.mjs'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(outDir, 'server.mjs'),
    loader: { '.wasm': 'file' },
    logLevel: 'warning',
  })
  return listFiles(outDir)
}
