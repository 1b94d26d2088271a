/** A description of the machine and the software a run used, stored with its figures. */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'

/** The machine and tool versions behind a set of figures. */
export interface MachineInfo {
  /** CPU model as the OS reports it. */
  cpu: string
  /** Logical CPUs this process may use. */
  cores: number
  memoryGiB: number
  os: string
  arch: string
  node: string
  v8: string
  /** `rustc -V`, or null when rustc is not on PATH. */
  rustc: string | null
  /** When the run started (ISO 8601). */
  date: string
  /** The 1, 5 and 15 minute load averages when the run started: above the core count, other work shared the CPUs. */
  loadAverage: number[]
  /** The same when the run ended; set by the run. */
  loadAverageAtEnd?: number[]
  /** Version of each benchmark dependency as installed. */
  packages: Record<string, string>
}

/** The first line a command prints, or null if it cannot run. */
function commandVersion(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.error || result.status !== 0) return null
  return result.stdout.trim().split('\n')[0] ?? null
}

/** The CPU model: os.cpus() where it knows it, else /proc/cpuinfo. */
function cpuModel(): string {
  const fromOs = os.cpus()[0]?.model?.trim()
  if (fromOs) return fromOs
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))
    if (match) return match[1].trim()
  } catch {
    // not Linux: fall through
  }
  return 'unknown'
}

/** The packages whose versions a reader needs to reproduce the figures. */
export const MEASURED_PACKAGES = [
  'benchmark',
  'hashring',
  'consistent-hash',
  '@subspace/jump-consistent-hash',
  'xxhash-wasm',
  '@node-rs/xxhash',
] as const

/** The installed version of a dependency of bench/, read from its package.json (some do not export it). */
function installedVersion(name: string): string {
  try {
    const url = new URL(`../node_modules/${name}/package.json`, import.meta.url)
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

/** Describes this machine now. */
export function describeMachine(date: Date = new Date()): MachineInfo {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    arch: process.arch,
    node: process.version,
    v8: process.versions.v8,
    rustc: commandVersion('rustc', ['-V']),
    date: date.toISOString(),
    loadAverage: loadAverage(),
    packages: Object.fromEntries(MEASURED_PACKAGES.map((name) => [name, installedVersion(name)])),
  }
}

/** The load averages now, rounded. */
export function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100)
}

/** A warning when other work keeps the CPUs busy (1-minute load above half the cores), else undefined. */
export function busyWarning(load: readonly number[], cores: number): string | undefined {
  if (load[0] <= cores / 2) return undefined
  return `load average ${load[0]} on ${cores} cores: other work is running, so figures will be noisy (see the ± column)`
}

/** One line for headers: `AMD EPYC, 2 cores, 23.4 GiB, Linux 6.1 x64, Node v20.20.2, rustc 1.95.0`. */
export function machineLine(m: MachineInfo): string {
  const rust = m.rustc === null ? 'no rustc' : m.rustc.split(' (')[0]
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os} ${m.arch}, Node ${m.node}, ${rust}`
}
