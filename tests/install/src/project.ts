/**
 * Packing workspace packages and installing the tarballs into a fresh npm project outside the
 * workspace, so that what a test sees is exactly what `npm publish` would ship.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * The environment for npm and node in the project: this process's, less what would make the
 * result depend on the workspace or on how the test was started (pnpm's npm_* variables,
 * NODE_OPTIONS, NODE_PATH, chash's backend overrides).
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(name) || /^(NODE_OPTIONS|NODE_PATH|CHASH_BACKEND|CHASH_TEST_BACKENDS)$/.test(name))
      continue
    env[name] = value
  }
  return env
}

/** A packed package. */
export interface Tarball {
  name: string
  /** The .tgz file. */
  file: string
  /** The paths inside the package, as `pnpm pack` lists them. */
  files: string[]
}

/**
 * `pnpm pack`s the package in `dir` into `destination`. pnpm (not npm) because it turns the
 * `workspace:*` ranges into the versions that publishing would write.
 */
export async function pack(dir: string, destination: string): Promise<Tarball> {
  const { stdout } = await run('pnpm', ['pack', '--pack-destination', destination, '--json'], {
    cwd: dir,
    env: cleanEnv(),
    maxBuffer: 16 << 20,
  })
  const info = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    name: string
    filename: string
    files: Array<{ path: string }>
  }
  return { name: info.name, file: info.filename, files: info.files.map((f) => f.path).sort() }
}

/**
 * Creates an ESM npm project in `dir` with `files` copied in (name → source path) and installs
 * the tarballs with npm. `--offline` with an empty cache and user config proves that the tarballs
 * need nothing from a registry: a dependency they do not bring along fails the install.
 */
export async function createProject(
  dir: string,
  tarballs: Tarball[],
  files: Record<string, string>,
): Promise<void> {
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'chash-install-test-app', private: true, type: 'module' }, null, 2)}\n`,
  )
  for (const [name, source] of Object.entries(files)) copyFileSync(source, join(dir, name))
  const npmrc = join(dir, '.npmrc-empty')
  writeFileSync(npmrc, '')
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--offline',
      '--userconfig',
      npmrc,
      '--cache',
      join(dir, '.npm-cache'),
      ...tarballs.map((t) => t.file),
    ],
    { cwd: dir, env: cleanEnv(), maxBuffer: 16 << 20 },
  )
}

/**
 * Runs `node <args>` in `dir` with {@link cleanEnv}; returns its stdout, or throws an Error holding
 * its stdout and stderr.
 */
export async function runNode(dir: string, args: string[]): Promise<string> {
  try {
    return (await run(process.execPath, args, { cwd: dir, env: cleanEnv(), maxBuffer: 64 << 20 })).stdout
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`node ${args.join(' ')} failed in ${dir}:\n${stdout ?? ''}${stderr ?? ''}`, {
      cause: error,
    })
  }
}

/** Runs `node <script> [args]` in `dir` with {@link cleanEnv} and parses the JSON it prints. */
export async function runNodeJson<T>(dir: string, script: string, nodeArgs: string[] = []): Promise<T> {
  return JSON.parse(await runNode(dir, [...nodeArgs, script])) as T
}
