/**
 * The import graph of src/ by folder (the layers): lines of source per folder, and which folder imports which
 * (value imports; type-only imports shown dashed). Prints a Mermaid flowchart for the README, or with --files the
 * source files over the size limit.
 *
 *   npx tsx scripts/import-graph.ts            # Mermaid
 *   npx tsx scripts/import-graph.ts --files    # files over 450 lines (message tables excepted)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The longest a source file may be, in lines; message tables are data and exempt. */
export const MAX_LINES = 450

export interface SourceFile {
  /** Path relative to the project root, with forward slashes. */
  readonly path: string
  readonly folder: string
  readonly lines: number
  readonly test: boolean
  /** Resolved imports: target folder and whether the import is type-only. */
  readonly imports: readonly { readonly folder: string; readonly typeOnly: boolean }[]
}

/** The layer a file belongs to: `lib/<name>`, `ui`, or `main`. */
export function folderOf(path: string): string | null {
  const m = /^src\/lib\/([^/]+)\//.exec(path)
  if (m) return `lib/${m[1]}`
  if (path.startsWith('src/ui/')) return 'ui'
  if (path === 'src/main.ts') return 'main'
  return null
}

const IMPORT = /^\s*import\s+(type\s+)?[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm

/** Every .ts and .svelte file under src/, with its size and resolved imports. */
export function sourceFiles(root = ROOT): SourceFile[] {
  const out: SourceFile[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (/\.(ts|svelte)$/.test(name)) {
        const path = relative(root, full).replaceAll('\\', '/')
        const folder = folderOf(path)
        if (!folder) continue
        const text = readFileSync(full, 'utf8')
        const imports: { folder: string; typeOnly: boolean }[] = []
        for (const m of text.matchAll(IMPORT)) {
          const spec = m[2] ?? m[3]
          if (!spec.startsWith('.')) continue
          const target = folderOf(relative(root, resolve(dirname(full), spec)).replaceAll('\\', '/'))
          if (target && target !== folder) imports.push({ folder: target, typeOnly: Boolean(m[1]) })
        }
        out.push({
          path,
          folder,
          lines: text.split('\n').length,
          test: /\.test\.ts$|test-fixtures\.ts$|test-signals\.ts$|test-zips\.ts$|store-contract\.ts$/.test(
            name,
          ),
          imports,
        })
      }
    }
  }
  walk(join(root, 'src'))
  return out
}

/** Source files (not tests, not message tables) over {@link MAX_LINES}. */
export function oversized(files: readonly SourceFile[]): SourceFile[] {
  return files.filter((f) => !f.test && !/\/messages[^/]*\.ts$/.test(f.path) && f.lines > MAX_LINES)
}

/** The folder graph as a Mermaid flowchart: nodes with lines of source, edges for imports. */
export function mermaid(files: readonly SourceFile[]): string {
  const lines = new Map<string, number>()
  const edges = new Map<string, boolean>() // "a>b" → type-only
  for (const f of files) {
    if (f.test) continue
    lines.set(f.folder, (lines.get(f.folder) ?? 0) + f.lines)
    for (const i of f.imports) {
      const key = `${f.folder}>${i.folder}`
      edges.set(key, (edges.get(key) ?? true) && i.typeOnly)
    }
  }
  const id = (folder: string) => folder.replace('/', '_')
  const out = ['flowchart TD']
  for (const [folder, n] of [...lines].sort((a, b) => b[1] - a[1]))
    out.push(`  ${id(folder)}["${folder}<br/>${n.toLocaleString('en')} lines"]`)
  for (const [key, typeOnly] of [...edges].sort()) {
    const [a, b] = key.split('>')
    out.push(`  ${id(a)} ${typeOnly ? '-.->' : '-->'} ${id(b)}`)
  }
  return out.join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = sourceFiles()
  if (process.argv.includes('--files')) {
    const big = oversized(files)
    for (const f of big) console.log(`${f.lines}\t${f.path}`)
    if (big.length === 0) console.log(`no source file over ${MAX_LINES} lines`)
  } else console.log(mermaid(files))
}
