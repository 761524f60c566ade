import { describe, expect, it } from 'vitest'
import { runCommand, type Command } from './run.ts'

const command: Command<{ n: number }> = {
  name: 'demo',
  usage: 'usage: demo N',
  parse: (argv) =>
    argv.length === 1 && /^\d+$/.test(argv[0]) ? { n: Number(argv[0]) } : { error: 'give one N' },
  run: async ({ n }) => n,
}

async function run(argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCommand(
    command,
    argv,
    (l) => out.push(l),
    (l) => err.push(l),
  )
  return { code, out, err }
}

describe('runCommand', () => {
  it('prints the usage on stdout for --help or -h, exit 0, without running', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, out: ['usage: demo N'], err: [] })
    expect(await run(['7', '-h'])).toEqual({ code: 0, out: ['usage: demo N'], err: [] })
  })

  it('names the problem and prints the usage on stderr for bad arguments, exit 2', async () => {
    expect(await run(['x'])).toEqual({ code: 2, out: [], err: ['demo: give one N', 'usage: demo N'] })
  })

  it('runs the command with the parsed arguments and returns its exit code', async () => {
    expect(await run(['3'])).toEqual({ code: 3, out: [], err: [] })
  })
})
