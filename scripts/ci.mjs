// The one definition of "running in CI", where every backend and real component must be built
// and tested (a missing one fails instead of being skipped): env CI set to anything but '', '0'
// or 'false'. Build scripts and test helpers import isCI(); shell scripts run `node scripts/ci.mjs`
// (exit 0 in CI, 1 elsewhere).
import { argv, env, exit } from 'node:process'
import { fileURLToPath } from 'node:url'

/** Whether this is a CI run: env `CI` set to anything but '', '0' or 'false' (any case). */
export function isCI(vars = env) {
  return !['', '0', 'false'].includes((vars.CI ?? '').toLowerCase())
}

if (argv[1] === fileURLToPath(import.meta.url)) exit(isCI() ? 0 : 1)
