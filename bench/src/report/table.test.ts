import { describe, expect, it } from 'vitest'
import { escapeMarkdownCell, renderMarkdown, renderText, type Table } from './table.js'

const table: Table = {
  title: 'T',
  columns: [
    { header: 'name', align: 'left' },
    { header: 'time', align: 'right' },
  ],
  rows: [
    ['chash js', '432.5 ns'],
    ['hashring', '11.5 µs'],
  ],
  notes: ['a note'],
}

describe('renderText', () => {
  it('pads columns to their widest cell and right-aligns numbers', () => {
    expect(renderText(table).split('\n')).toEqual([
      'T',
      'name          time',
      '--------  --------',
      'chash js  432.5 ns',
      'hashring   11.5 µs',
      '  a note',
    ])
  })
})

describe('renderMarkdown', () => {
  it('writes a heading, an alignment row and escaped cells', () => {
    const md = renderMarkdown({ ...table, rows: [['a|b', '1 ns']] })
    expect(md.split('\n')).toEqual([
      '#### T',
      '',
      '| name | time |',
      '| --- | ---: |',
      '| a\\|b | 1 ns |',
      '',
      'a note',
    ])
  })

  it('leaves the heading out at level 0', () => {
    expect(renderMarkdown(table, 0).split('\n')[0]).toBe('| name | time |')
  })

  it('escapes backslashes and newlines', () => {
    expect(escapeMarkdownCell('a\\b\nc')).toBe('a\\\\b c')
  })
})
