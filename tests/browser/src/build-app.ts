/**
 * Bundles app/ with Vite for production (`vite build`, no config file) into dist/app/, before any
 * browser test runs (vitest.config.ts). src/production-build.test.ts loads the bundle in Chromium
 * and checks that its .wasm loads; the emitted files reach it as `appFiles`.
 */
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const appRoot = fileURLToPath(new URL('../app/', import.meta.url))
const outDir = fileURLToPath(new URL('../dist/app/', import.meta.url))

declare module 'vitest' {
  export interface ProvidedContext {
    /** The files Vite emitted for app/, relative to dist/app/. */
    appFiles: string[]
  }
}

/** Builds the app; returns the emitted files, relative to dist/app/. */
export async function buildApp(): Promise<string[]> {
  await build({
    configFile: false,
    root: appRoot,
    logLevel: 'warn',
    // Relative asset URLs, as a site served from any path needs.
    base: './',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      reportCompressedSize: false,
      rollupOptions: {
        input: { app: `${appRoot}app.ts` },
        // A library-like entry: keep its exports, under a name the test can import.
        preserveEntrySignatures: 'exports-only',
        output: { entryFileNames: '[name].js' },
      },
    },
  })
  return readdirSync(outDir, { recursive: true, encoding: 'utf8' }).sort()
}
