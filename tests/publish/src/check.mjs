// Packs each published package the way `pnpm publish` does (workspace: ranges resolved) and lints
// the tarball: publint --strict for all of them, @arethetypeswrong/cli --profile esm-only (Node
// ≥ 20.19 can require() our ESM) for those with types. Exits 1 on any finding.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isCI } from '../../../scripts/ci.mjs'

const packages = fileURLToPath(new URL('../../../packages/', import.meta.url))
const platforms = readdirSync(join(packages, 'native', 'npm')).map((dir) => join('native', 'npm', dir))
// The platform packages hold only a .node file: no types for attw to check.
const published = [['core', true], ['wasm', true], ['native', true], ...platforms.map((dir) => [dir, false])]
const ci = isCI()
// The .wasm subpaths are assets for bundlers (no module, no types), not entrypoints to type-check.
const attwExclude = {
  core: ['--exclude-entrypoints', './chash.wasm'],
  wasm: ['--exclude-entrypoints', './chash_wasm_bg.wasm'],
}
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url))
const run = (command, args, cwd) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' })
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() }
}

const out = mkdtempSync(join(tmpdir(), 'chash-publish-check-'))
let failed = 0
try {
  for (const [dir, typed] of published) {
    // A platform package's addon comes from the cross builds (CI); elsewhere it may be missing.
    const main = JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8')).main
    if (!typed && !ci && !existsSync(join(packages, dir, main))) {
      console.log(`[publish-check] skip ${dir}: ${main} not built (packages/native/scripts/build-cross.sh)`)
      continue
    }
    const packed = run('pnpm', ['pack', '--pack-destination', out], join(packages, dir))
    const tarball = packed.output.split('\n').findLast((line) => line.endsWith('.tgz'))
    if (!packed.ok || tarball === undefined) {
      failed++
      console.error(`[publish-check] ${dir}: pnpm pack failed\n${packed.output}`)
      continue
    }
    const checks = [['publint', ['run', '--strict', tarball]]]
    if (typed) checks.push(['attw', [tarball, '--profile', 'esm-only', ...(attwExclude[dir] ?? [])]])
    for (const [tool, args] of checks) {
      const result = run(bin(tool), args, out)
      if (!result.ok) failed++
      console.log(
        `[publish-check] ${result.ok ? 'ok  ' : 'FAIL'} ${tool} ${dir}${result.ok ? '' : `\n${result.output}`}`,
      )
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
if (failed > 0) {
  console.error(`[publish-check] ${failed} check(s) failed`)
  process.exit(1)
}
