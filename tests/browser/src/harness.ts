/**
 * The page harness of @chash/install-test (the browser suites themselves run in vitest's browser
 * mode: vitest.config.ts): find Debian's Chromium, build a page with Vite's JS API, serve it on
 * 127.0.0.1, load it in headless Chromium through playwright-core with a WebAssembly spy installed
 * first, and collect what the page published with every console error, page error and failed
 * request.
 *
 * Only Debian's `/usr/bin/chromium` (scripts/toolchain/chromium.sh) is used: playwright-core never
 * downloads a browser, and nothing here reaches beyond the loopback interface.
 * @packageDocumentation
 */
import { readdirSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { build, type InlineConfig, type Plugin } from 'vite'
import type { ChromiumLaunch } from './chromium.js'

export { isCI } from '../../../scripts/ci.mjs'
export { CHROMIUM_FLAGS, CHROMIUM_HOW_TO, type ChromiumLaunch, findChromium } from './chromium.js'

/** The module id that {@link missingWasmStub} answers for. */
const WASM_PACKAGE = '@chash/wasm'

/**
 * A Vite plugin for machines where @chash/wasm was not built (no wasm toolchain, outside CI): its
 * glue in pkg/ is missing, so bundling @chash/core's dynamic import of it would fail the whole
 * build. The stub makes that import reject instead, so `init()` fails the way a missing module
 * would and the js backend can still be tested.
 */
export function missingWasmStub(): Plugin {
  const id = '\0chash-wasm-not-built'
  return {
    name: 'chash-wasm-not-built',
    enforce: 'pre',
    resolveId: (source) => (source === WASM_PACKAGE ? id : undefined),
    load: (loaded) =>
      loaded === id ? `throw new Error('${WASM_PACKAGE} was not built on this machine')` : undefined,
  }
}

/** Options of {@link buildPage}. */
export interface BuildPageOptions {
  /** The folder holding index.html; module resolution starts here (its node_modules first). */
  root: string
  /** Where the built page goes (emptied first). */
  outDir: string
  /** Extra Vite plugins, such as {@link missingWasmStub}. */
  plugins?: Plugin[]
}

/**
 * Builds the page in `root` with Vite's JS API and no config file, so the build depends on
 * nothing but the page and what it imports. Returns the emitted files, relative to `outDir`.
 */
export async function buildPage(options: BuildPageOptions): Promise<string[]> {
  const config: InlineConfig = {
    configFile: false,
    root: options.root,
    logLevel: 'warn',
    plugins: options.plugins,
    // Relative asset URLs: the page works from any path of the static server.
    base: './',
    build: {
      outDir: options.outDir,
      emptyOutDir: true,
      // Readable stack traces when a check fails in the browser.
      minify: false,
      // Top-level await and BigInt literals; Chromium has both.
      target: 'es2022',
      reportCompressedSize: false,
    },
  }
  await build(config)
  return listFiles(options.outDir)
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  // The type WebAssembly.compileStreaming/instantiateStreaming insist on.
  '.wasm': 'application/wasm',
}

/** A static file server on the loopback interface. */
export interface StaticServer {
  /** The base URL, `http://127.0.0.1:<port>/`. */
  url: string
  /** Every request, as `<status> <path> <content-type>`, in order. */
  requests: string[]
  close(): Promise<void>
}

/**
 * Serves `dir` on 127.0.0.1 at a free port (GET and HEAD only, nothing outside `dir`), with the
 * MIME types browsers need, application/wasm above all.
 */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = resolve(dir)
  const requests: string[] = []
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`)
    let status = 404
    let type = 'text/plain; charset=utf-8'
    let body: Buffer | string = `not found: ${path}\n`
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      status = 405
      body = 'method not allowed\n'
    } else if (file === root || file.startsWith(root + sep)) {
      try {
        if ((await stat(file)).isFile()) {
          body = await readFile(file)
          status = 200
          type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
        }
      } catch {
        // Missing: the 404 above.
      }
    }
    requests.push(`${status} ${path} ${type}`)
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
    response.end(request.method === 'HEAD' ? undefined : body)
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => done())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

/** One WebAssembly API call seen by the spy (src/wasm-spy.js). */
export interface WasmCall {
  /** `compile`, `compileStreaming`, `instantiate`, `instantiateStreaming`, `Module` or `Instance`. */
  api: string
  /** What was passed: a URL for the streaming calls, `<n> bytes`, or `module`. */
  source?: string
  /** Export names of the instance it produced (instantiate*, Instance). */
  exports?: string[]
  /** How a promise-returning call ended. */
  settled?: 'fulfilled' | 'rejected'
  error?: string
}

/** What {@link runPage} saw. */
export interface PageRun<Result> {
  /** The value the page published on `window[resultGlobal]`. */
  result: Result
  /** Every WebAssembly API call, in order. */
  wasmCalls: WasmCall[]
  /** Console messages of type error. */
  consoleErrors: string[]
  /** Uncaught exceptions and unhandled rejections. */
  pageErrors: string[]
  /** Requests that failed or answered with an HTTP error. */
  failedRequests: string[]
  /** Every console message, for diagnostics. */
  console: string[]
  /** The Chromium version. */
  browserVersion: string
}

/** Options of {@link runPage}. */
export interface RunPageOptions {
  chromium: ChromiumLaunch
  /** The global the page assigns its result to when it is done (also after a failure). */
  resultGlobal: string
  /** How long the page may take, in ms; default 60 000. */
  timeoutMs?: number
}

const SPY_SCRIPT = fileURLToPath(new URL('./wasm-spy.js', import.meta.url))
const SPY_GLOBAL = '__CHASH_WASM_SPY__'

/**
 * Loads `url` in a fresh headless Chromium (a new profile each time) with the WebAssembly spy
 * installed before any page script, waits for the page's result and returns it with everything
 * that went wrong on the way. Throws, with the console output, if no result appears in time.
 */
export async function runPage<Result>(url: string, options: RunPageOptions): Promise<PageRun<Result>> {
  const timeout = options.timeoutMs ?? 60_000
  const browser = await chromium.launch({
    executablePath: options.chromium.executablePath,
    args: options.chromium.args,
    timeout,
  })
  const consoleErrors: string[] = []
  const pageErrors: string[] = []
  const failedRequests: string[] = []
  const messages: string[] = []
  try {
    const page = await browser.newPage()
    page.on('console', (message) => {
      const where = message.location().url
      const line = `[${message.type()}] ${message.text()}${where ? ` (${where})` : ''}`
      messages.push(line)
      if (message.type() === 'error') consoleErrors.push(line)
    })
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message))
    page.on('requestfailed', (request) =>
      failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`),
    )
    page.on('response', (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.url()}: HTTP ${response.status()}`)
    })
    await page.addInitScript({ path: SPY_SCRIPT })
    await page.goto(url, { waitUntil: 'load', timeout })
    // Expressions, not functions: a transpiled function's source could reference helpers
    // that exist only in Node.
    const global = `globalThis[${JSON.stringify(options.resultGlobal)}]`
    try {
      await page.waitForFunction(`${global} !== undefined`, undefined, { timeout })
    } catch (error) {
      throw new Error(
        `the page published no result in ${timeout} ms (${error instanceof Error ? error.message : error})\n` +
          `page errors:\n${pageErrors.join('\n')}\nconsole:\n${messages.join('\n')}`,
      )
    }
    const result = (await page.evaluate(global)) as Result
    const wasmCalls = (await page.evaluate(`globalThis.${SPY_GLOBAL}?.calls ?? []`)) as WasmCall[]
    return {
      result,
      wasmCalls,
      consoleErrors,
      pageErrors,
      failedRequests,
      console: messages,
      browserVersion: browser.version(),
    }
  } finally {
    await browser.close()
  }
}

/**
 * Whether the spy saw chash's WebAssembly module compiled and instantiated: an instance whose
 * exports include the ring engine's (`wasmring_new`) and its memory.
 */
export function sawChashInstance(calls: readonly WasmCall[]): boolean {
  return calls.some(
    (call) =>
      /^(instantiate|instantiateStreaming|Instance)$/.test(call.api) &&
      call.settled !== 'rejected' &&
      call.exports?.includes('wasmring_new') === true &&
      call.exports.includes('memory'),
  )
}
