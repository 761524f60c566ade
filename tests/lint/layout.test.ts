import { describe, expect, it } from 'vitest'
import { MAX_LINES, oversized, sourceFiles } from '../../scripts/import-graph.ts'

const FILES = sourceFiles()
const CORE = ['lib/theory', 'lib/analysis', 'lib/tutor', 'lib/synth']

describe('the source layout', () => {
  it('finds the source (so the checks below see something)', () => {
    expect(FILES.length).toBeGreaterThan(100)
    expect(new Set(FILES.map((f) => f.folder))).toContain('lib/state')
  })

  it(`has no source file over ${MAX_LINES} lines (message tables excepted)`, () => {
    expect(oversized(FILES).map((f) => `${f.path}: ${f.lines}`)).toEqual([])
  })

  it('keeps the pure core importing only the core', () => {
    const bad = FILES.filter((f) => !f.test && CORE.includes(f.folder)).flatMap((f) =>
      f.imports.filter((i) => !CORE.includes(i.folder)).map((i) => `${f.path} → ${i.folder}`),
    )
    expect(bad).toEqual([])
  })

  it('has no cycle between folders (value imports)', () => {
    const edges = new Map<string, Set<string>>()
    for (const f of FILES)
      if (!f.test)
        for (const i of f.imports)
          if (!i.typeOnly) edges.set(f.folder, (edges.get(f.folder) ?? new Set()).add(i.folder))
    const cycles: string[] = []
    const visit = (node: string, path: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' → '))
        else visit(next, [...path, next])
      }
    }
    for (const node of edges.keys()) visit(node, [node])
    expect(cycles).toEqual([])
  })
})
