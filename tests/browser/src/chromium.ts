/**
 * Debian's Chromium, the only browser the browser tests use (scripts/toolchain/chromium.sh
 * installs it; playwright never downloads one here), and the flags it needs.
 * @packageDocumentation
 */
import { accessSync, constants, statSync } from 'node:fs'

/** What to run when Chromium is missing. */
export const CHROMIUM_HOW_TO =
  'install it with `bash scripts/toolchain/chromium.sh` (Debian package chromium)'

/**
 * The flags of scripts/toolchain/chromium.sh (its CHASH_CHROMIUM_FLAGS). As root Chromium needs
 * --no-sandbox, and without --disable-background-networking and friends it keeps dialing Google's
 * hosts, which this network refuses. Playwright adds --headless and a fresh --user-data-dir itself.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-extensions',
  '--mute-audio',
]

/** How to start Chromium. */
export interface ChromiumLaunch {
  executablePath: string
  args: string[]
}

/**
 * Debian's Chromium: `CHROMIUM_BIN` if set (chromium.sh --print-env), else `/usr/bin/chromium`,
 * with `CHASH_CHROMIUM_FLAGS` or {@link CHROMIUM_FLAGS}; undefined when the binary is missing.
 */
export function findChromium(): ChromiumLaunch | undefined {
  const executablePath = process.env.CHROMIUM_BIN || '/usr/bin/chromium'
  if (!isExecutableFile(executablePath)) return undefined
  const fromEnv = process.env.CHASH_CHROMIUM_FLAGS?.split(/\s+/).filter((flag) => flag !== '')
  // Playwright refuses a --user-data-dir in args (it makes a fresh one per launch).
  const args = (fromEnv?.length ? fromEnv : [...CHROMIUM_FLAGS]).filter(
    (flag) => !flag.startsWith('--user-data-dir'),
  )
  return { executablePath, args }
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}
