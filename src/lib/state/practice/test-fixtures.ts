// Fakes and helpers shared by the practice session's tests.
import type { AnalysisResult } from '../../analysis/types.ts'
import type { CardRecord, ClipRecord, JsonValue } from '../../store/schema.ts'
import type { Label } from '../../theory/label.ts'
import { PATTERNS, type Pattern } from '../../theory/tones.ts'
import { seededRandom } from '../../tutor/testing.ts'
import type { Attempt } from '../../tutor/types.ts'
import type { PracticeAudio, PracticeStore } from './deps.ts'
import { PracticeSession } from './session.svelte.ts'

export const T0 = Date.UTC(2025, 4, 1, 9)

/** An in-memory store with the methods the drill uses; `fail` makes writes throw a quota error. */
export class FakeStore {
  attempts = new Map<string, Attempt>()
  cards = new Map<string, CardRecord>()
  settings = new Map<string, JsonValue>()
  clips: ClipRecord[] = []
  fail = false
  addAttempt = async (a: Attempt) => {
    if (this.fail) throw Object.assign(new Error('quota exceeded'), { kind: 'quota' })
    this.attempts.set(a.id, a)
  }
  listAttempts = async () => [...this.attempts.values()].sort((a, b) => a.at - b.at) as never
  listCards = async () => [...this.cards.values()]
  putCard = async (c: CardRecord) => void this.cards.set(c.id, c)
  recordAttempt = async (a: Attempt, update: (stored: readonly CardRecord[]) => readonly CardRecord[]) => {
    await this.addAttempt(a)
    const written = [...update([...this.cards.values()])]
    for (const c of written) this.cards.set(c.id, c)
    return written
  }
  listClips = async () => this.clips
  getClip = async (id: string) => this.clips.find((c) => c.id === id)
  getSetting = async (k: string) => this.settings.get(k)
  setSetting = async (k: string, v: JsonValue) => void this.settings.set(k, v)
  deleteSetting = async (k: string) => void this.settings.delete(k)
}

/** Audio that records what it was asked; playback ends when the test calls `end()`. */
export class FakeAudio implements PracticeAudio {
  calls: string[] = []
  drones: number[] = []
  #ends: (() => void)[] = []
  ensureAudio = async () => {}
  #play(what: string) {
    this.calls.push(what)
    return new Promise<void>((r) => this.#ends.push(r))
  }
  playMelody = () => this.#play('melody')
  playScale = (label: Label) => this.#play(`scale:${label.tonic}:${label.pattern}`)
  playClip = () => this.#play('clip')
  stop = () => {}
  startDrone = async (pc: number) => void this.drones.push(pc)
  stopDrone = () => {}
  /** Ends every playback so far. */
  end() {
    for (const r of this.#ends.splice(0)) r()
  }
}

export function okResult(label: Label): AnalysisResult {
  return {
    ok: true,
    label,
    confidence: 0.8,
    alternatives: [],
    frames: [],
    duration: 5,
    evidence: {
      tuningOffset: 0,
      pitchClassProfile: Array.from({ length: 12 }, (_, i) => (i === label.tonic ? 0.4 : 0.05)),
      notes: [],
      majorThird: [label.system, (label.system + 4) % 12],
      cadences: [{ time: 4, pitchClass: label.tonic, final: true }],
      ending: { cadenceProbability: 0.9, midPhrase: false },
      extraTones: [],
    },
  }
}

export function setup(opts: { store?: FakeStore | null; analyzer?: 'now' | 'manual' } = {}) {
  const store = opts.store === undefined ? new FakeStore() : opts.store
  const audio = new FakeAudio()
  const clock = { t: T0 }
  let finishAnalysis: (() => void) | null = null
  const session = new PracticeSession({
    store: store as PracticeStore | null,
    audio,
    now: () => clock.t,
    random: seededRandom(7),
    render: () => ({ samples: new Float32Array(16), sampleRate: 16000 }),
    decode: async () => ({ samples: new Float32Array(16), sampleRate: 16000 }),
    identify: () =>
      new Promise<AnalysisResult>((resolve) => {
        const done = () => resolve(okResult(session.question!.label))
        if (opts.analyzer === 'manual') finishAnalysis = done
        else done()
      }),
  })
  return { session, store, audio, clock, finishAnalysis: () => finishAnalysis?.() }
}

export const tick = () => new Promise((r) => setTimeout(r, 5))

/** The key (1–5) of a pattern, and a wrong pattern for a question's truth. */
export const keyOf = (p: Pattern) => String(PATTERNS.indexOf(p) + 1)
export const wrongOf = (p: Pattern): Pattern => PATTERNS[(PATTERNS.indexOf(p) + 1) % 5]
