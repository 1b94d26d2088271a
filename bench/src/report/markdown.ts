/** The markdown report (bench/results/latest.md) and the README's benchmark section, from one run. */
import { machineLine } from '../machine.js'
import type { RunReport } from './json.js'
import { balanceTable, PERFORMANCE_LEGEND, performanceTables, targetsTable } from './sections.js'
import { backendAdvice, headlineTable } from './summary.js'
import { renderMarkdown } from './table.js'

/** The lines that say where and how a run was made: date, machine, command, contenders. */
function header(report: RunReport): string[] {
  const { machine, backends } = report
  const missing = Object.entries(backends.missing).map(([name, reason]) => `${name} (${reason})`)
  const command =
    report.mode === 'quick' ? 'pnpm --filter @chash/bench bench:quick' : 'pnpm --filter @chash/bench bench'
  return [
    `${machine.date.slice(0, 10)} · ${machineLine(machine)} · \`${command}\``,
    '',
    `Backends measured: ${backends.available.join(', ')}.${missing.length > 0 ? ` Not available: ${missing.join('; ')}.` : ''}`,
    `Peers: ${Object.entries(machine.packages)
      .filter(([name]) => name !== 'benchmark')
      .map(([name, version]) => `${name} ${version}`)
      .join(
        ', ',
      )}; timed with benchmark.js ${machine.packages.benchmark}. See bench/README.md for how to read this.`,
    '',
    report.settings.isolation === undefined
      ? 'Every contender ran in the same Node process.'
      : report.settings.isolation,
    '',
  ]
}

/** The headline table (then `image`, if given), the targets and the advice, under `level` headings. */
function summary(report: RunReport, level: '##' | '###', image?: string): string[] {
  return [
    renderMarkdown(headlineTable(report.measurements)),
    '',
    ...(image === undefined ? [] : [image, '']),
    `${level} Targets`,
    '',
    renderMarkdown(targetsTable(report.targets), 0),
    '',
    `${level} Which backend to pick`,
    '',
    ...backendAdvice(report.measurements, report.backends.available).flatMap((p) => [p, '']),
  ]
}

/** The markdown document of a run. */
export function reportMarkdown(report: RunReport): string {
  const out = [
    `# chash benchmarks (${report.mode} mode)`,
    '',
    ...header(report),
    '## Summary',
    '',
    ...summary(report, '##'),
    '## All figures',
    '',
    PERFORMANCE_LEGEND.join(' '),
    '',
    ...performanceTables(report.measurements).flatMap((t) => [renderMarkdown(t), '']),
    '## Balance and movement',
    '',
    renderMarkdown(balanceTable(report.balance), 0),
    '',
  ]
  if (report.failures.length > 0) {
    out.push('## Failed cases', '')
    for (const f of report.failures) out.push(`- ${f.op} · ${f.contender}: ${f.error}`)
    out.push('')
  }
  return out.join('\n')
}

/** The README's benchmark section of a full run: its header, summary table, chart, targets and advice. */
export function readmeSection(report: RunReport): string {
  return [...header(report), ...summary(report, '###', README_CHART)].join('\n')
}

/** The chart as the README (at the repository root) shows it. */
const README_CHART = '![Time per operation, log scale](bench/results/latest.svg)'

/** The lines around the README's generated section. */
export const README_MARKERS = {
  start:
    '<!-- bench:start (written by `npm run bench` from bench/results/latest.json; do not edit by hand) -->',
  end: '<!-- bench:end -->',
} as const

/**
 * `readme` with everything between its two marker lines replaced by `section`.
 * @throws Error if a marker is missing or they are out of order.
 */
export function replaceReadmeSection(readme: string, section: string): string {
  const start = readme.indexOf(README_MARKERS.start)
  const end = readme.indexOf(README_MARKERS.end)
  if (start < 0 || end < start)
    throw new Error(
      `README.md needs the lines ${README_MARKERS.start} and ${README_MARKERS.end}, in that order`,
    )
  const from = start + README_MARKERS.start.length
  return `${readme.slice(0, from)}\n${section.trimEnd()}\n${readme.slice(end)}`
}
