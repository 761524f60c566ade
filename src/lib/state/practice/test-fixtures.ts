// The store, fakes and helpers shared by the practice session's tests.
import type { AnalysisResult } from '../../analysis/types.ts'
import { createMemoryStore } from '../../store/memory-store.ts'
import type { Label } from '../../theory/label.ts'
import { PATTERNS, type Pattern } from '../../theory/tones.ts'
import { seededRandom } from '../../tutor/testing.ts'
import type { PracticeAudio, PracticeStore } from './deps.ts'
import { PracticeSession } from './session.svelte.ts'

export const T0 = Date.UTC(2025, 4, 1, 9)

const quotaError = () => Object.assign(new Error('quota exceeded'), { kind: 'quota' })

/** The memory store, with the methods the drill uses; `fail` makes saving an answer fail as a full disk would. */
export class TestStore implements PracticeStore {
  readonly store = createMemoryStore()
  fail = false
  addAttempt: PracticeStore['addAttempt'] = async (a) => {
    if (this.fail) throw quotaError()
    await this.store.addAttempt(a)
  }
  recordAttempt: PracticeStore['recordAttempt'] = async (a, update) => {
    if (this.fail) throw quotaError()
    return this.store.recordAttempt(a, update)
  }
  listAttempts: PracticeStore['listAttempts'] = (query) => this.store.listAttempts(query)
  listCards: PracticeStore['listCards'] = () => this.store.listCards()
  putCard: PracticeStore['putCard'] = (c) => this.store.putCard(c)
  listClips: PracticeStore['listClips'] = (origin) => this.store.listClips(origin)
  getClip: PracticeStore['getClip'] = (id) => this.store.getClip(id)
  getSetting: PracticeStore['getSetting'] = (key) => this.store.getSetting(key)
  setSetting: PracticeStore['setSetting'] = (key, value) => this.store.setSetting(key, value)
  deleteSetting: PracticeStore['deleteSetting'] = (key) => this.store.deleteSetting(key)
  /** True when the setting is stored. */
  async hasSetting(key: string): Promise<boolean> {
    return (await this.store.listSettings()).some((s) => s.key === key)
  }
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

export function setup(opts: { store?: TestStore | null; analyzer?: 'now' | 'manual' } = {}) {
  const store = opts.store === undefined ? new TestStore() : opts.store
  const audio = new FakeAudio()
  const clock = { t: T0 }
  let finishAnalysis: (() => void) | null = null
  const session = new PracticeSession({
    store,
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
