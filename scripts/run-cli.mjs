#!/usr/bin/env node
// Runs the command-line tool cli/NAME.ts as compiled JavaScript: bundled with esbuild into
// node_modules/.cache/wusheng-cli/NAME.mjs the first time and whenever a source file is newer, then imported.
// Transpiling TypeScript at every start (tsx) costs ~0.7 s a run; this costs a few milliseconds once built.
//
//   node scripts/run-cli.mjs NAME [ARGS…]
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const name = process.argv[2]
if (!name || !/^[a-z][a-z-]*$/.test(name)) {
  process.stderr.write('usage: node scripts/run-cli.mjs NAME [ARGS…]  (runs cli/NAME.ts)\n')
  process.exit(2)
}
const entry = join(root, 'cli', `${name}.ts`)
const outDir = join(root, 'node_modules', '.cache', 'wusheng-cli')
const out = join(outDir, `${name}.mjs`)

/** The newest modification time of the sources the bundle is made of. */
function newestSource() {
  let newest = statSync(join(root, 'package.json')).mtimeMs
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.(ts|json|mjs|js)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs)
    }
  }
  walk(join(root, 'cli'))
  walk(join(root, 'src', 'lib'))
  return newest
}

function builtAt() {
  try {
    return statSync(out).mtimeMs
  } catch {
    return -Infinity
  }
}

if (builtAt() < newestSource()) {
  const { build } = await import('esbuild')
  mkdirSync(outDir, { recursive: true })
  // Built beside the target and renamed, so two runs starting at once never read a half-written bundle.
  const tmp = `${out}.${process.pid}.tmp.mjs`
  await build({
    entryPoints: [entry],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  })
  renameSync(tmp, out)
}
process.argv = [process.argv[0], out, ...process.argv.slice(3)]
await import(pathToFileURL(out).href)
