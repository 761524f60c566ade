import type { Timbre } from '../../audio/player.ts'

/** Settings keys the drill keeps. */
export const PRACTICE_SETTINGS = { timbre: 'practice.timbre', tempo: 'practice.tempo' } as const

export const TEMPO_RANGE = { min: 50, max: 200 } as const

/** A tempo the drill plays at: whole beats per minute within {@link TEMPO_RANGE}. */
export function clampTempo(bpm: number): number {
  return Math.min(TEMPO_RANGE.max, Math.max(TEMPO_RANGE.min, Math.round(bpm)))
}

/** A stored timbre, or null when the value is not one. */
export function readTimbre(value: unknown): Timbre | null {
  return value === 'pluck' || value === 'soft' ? value : null
}
