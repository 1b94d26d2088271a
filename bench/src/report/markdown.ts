/** The markdown report (bench/results/latest.md): tables the README can take as they are. */
import { machineLine } from '../machine.js'
import type { RunReport } from './json.js'
import { balanceTable, PERFORMANCE_LEGEND, performanceTables, targetsTable } from './sections.js'
import { backendAdvice, headlineTable } from './summary.js'
import { renderMarkdown } from './table.js'

/** The markdown document of a run. */
export function reportMarkdown(report: RunReport): string {
  const { machine, backends } = report
  const missing = Object.entries(backends.missing).map(([name, reason]) => `${name} (${reason})`)
  const command =
    report.mode === 'quick' ? 'pnpm --filter @chash/bench bench:quick' : 'pnpm --filter @chash/bench bench'
  const out = [
    `# chash benchmarks (${report.mode} mode)`,
    '',
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
    '## Summary',
    '',
    renderMarkdown(headlineTable(report.measurements)),
    '',
    '## Targets',
    '',
    renderMarkdown(targetsTable(report.targets), 0),
    '',
    '## Which backend to pick',
    '',
    ...backendAdvice(report.measurements, backends.available).flatMap((p) => [p, '']),
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
