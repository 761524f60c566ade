/**
 * What every command-line tool in `cli/` does the same way: `--help` (or `-h`) prints its usage on stdout and
 * exits 0; bad arguments print `NAME: problem` and the usage on stderr and exit 2; an error nobody expected is
 * named on stderr and exits 1. Each command keeps its own argument parser and its own messages.
 */
import { pathToFileURL } from 'node:url'

/** Where a command writes one line (stdout or stderr; tests pass an array's `push`). */
export type LineWriter = (line: string) => void

/** What a parser returns instead of throwing when the command line is wrong. */
export interface UsageProblem {
  readonly error: string
}

/** A command: its name and usage text, how it reads its arguments, and what it does with them. */
export interface Command<Args extends object> {
  /** The name its messages start with, e.g. `identify`. */
  readonly name: string
  readonly usage: string
  /** Reads argv (without node and script), or says what is wrong with it. */
  readonly parse: (argv: readonly string[]) => Args | UsageProblem
  /** Does the work; returns the exit code. */
  readonly run: (args: Args) => Promise<number>
}

export const writeStdout: LineWriter = (line) => process.stdout.write(line + '\n')
export const writeStderr: LineWriter = (line) => process.stderr.write(line + '\n')

function isUsageProblem(parsed: object): parsed is UsageProblem {
  return 'error' in parsed && typeof parsed.error === 'string'
}

/** Answers `--help`, refuses bad arguments, or runs the command; returns the exit code. */
export async function runCommand<Args extends object>(
  command: Command<Args>,
  argv: readonly string[],
  out: LineWriter,
  err: LineWriter,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(command.usage)
    return 0
  }
  const parsed = command.parse(argv)
  if (!isUsageProblem(parsed)) return command.run(parsed)
  err(`${command.name}: ${parsed.error}`)
  err(command.usage)
  return 2
}

/**
 * Runs `main` with the process's arguments when the module at `moduleUrl` is the script node was started with
 * (not when a test imports it), and sets the exit code from its answer. A thrown error is named on stderr, exit 1.
 */
export function runAsProgram(
  moduleUrl: string,
  name: string,
  main: (argv: string[]) => Promise<number>,
): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      writeStderr(`${name}: ${e instanceof Error ? e.message : String(e)}`)
      process.exitCode = 1
    },
  )
}
