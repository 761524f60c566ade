import { describe, expect, it } from 'vitest'
import type { AnalysisResult } from '../analysis/types.ts'
import type { CardRecord, ClipRecord, JsonValue } from '../store/schema.ts'
import { labelFromTonic, type Label } from '../theory/label.ts'
import { PATTERNS, type Pattern } from '../theory/tones.ts'
import { makeQuestion } from '../tutor/questions.ts'
import { rungById } from '../tutor/ladder.ts'
import { generateMelody } from '../tutor/melody.ts'
import { answered, seededRandom } from '../tutor/testing.ts'
import type { Attempt } from '../tutor/types.ts'
import {
  FOCUS_MAX_AGE_MS,
  PracticeSession,
  cardToRecord,
  readFocus,
  dronePitch,
  questionMelody,
  recordToCard,
  toPlayerNotes,
  type PracticeAudio,
  type PracticeStore,
} from './practice.svelte.ts'

const T0 = Date.UTC(2025, 4, 1, 9)

/** An in-memory store with the methods the drill uses; `fail` makes writes throw a quota error. */
class FakeStore {
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
class FakeAudio implements PracticeAudio {
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

function okResult(label: Label): AnalysisResult {
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

function setup(opts: { store?: FakeStore | null; analyzer?: 'now' | 'manual' } = {}) {
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

const tick = () => new Promise((r) => setTimeout(r, 5))

/** The key (1–5) of a pattern, and a wrong pattern for a question's truth. */
const keyOf = (p: Pattern) => String(PATTERNS.indexOf(p) + 1)
const wrongOf = (p: Pattern): Pattern => PATTERNS[(PATTERNS.indexOf(p) + 1) % 5]

describe('PracticeSession', () => {
  it('records an answered question with every field, and saves it with its FSRS cards', async () => {
    const { session, store, audio, clock } = setup()
    await session.load()
    expect(session.phase).toBe('ready')
    expect(session.rung.id).toBe('penta-scale')
    const playing = session.next()
    await tick()
    const q = session.question!
    expect(q).toMatchObject({ kind: 'pattern', rung: 'penta-scale' })
    expect(audio.calls).toEqual([`scale:${q.label.tonic}:${q.label.pattern}`])
    clock.t = T0 + 1000
    audio.end()
    await playing
    expect(session.firstEndAt).toBe(T0 + 1000)
    clock.t = T0 + 3500
    const wrong = wrongOf(q.label.pattern)
    expect(session.key(keyOf(wrong))).toBe(true)
    expect(session.phase).toBe('answered')
    await session.flush()
    const stored = store!.attempts.get(`att-${q.id}`)!
    expect(stored).toMatchObject({
      question: q,
      answer: { pattern: wrong },
      correct: false,
      fields: { pattern: false },
      latency: 2500,
      replays: 0,
      hints: 0,
      at: T0 + 3500,
    })
    expect(stored.analyzerLabel).toEqual(q.label)
    // A missed pattern makes (and schedules) its confusion card.
    const card = store!.cards.get(`confusion:${q.label.pattern}>${wrong}`)!
    expect(card.key).toBe(card.id)
    expect(card.card.due).toBeGreaterThan(T0 + 3500)
    expect(session.saved).toBe(1)
    expect(session.why?.truth).toEqual(q.label)
    expect(session.why?.points.some((p) => p.key === 'same-tonic-confusion')).toBe(true)
  })

  it('counts replays and drone hints (not after answering), and drones on the given tonic', async () => {
    const { session, store, audio } = setup()
    await session.load()
    void session.next()
    await tick()
    const q = session.question!
    void session.play()
    void session.play()
    await session.toggleDrone()
    expect(audio.drones).toEqual([q.label.tonic])
    await session.toggleDrone() // off: not a hint
    await session.toggleDrone()
    expect(session.replays).toBe(2)
    expect(session.hints).toBe(2)
    session.key(keyOf(q.label.pattern))
    void session.play() // listening again after the answer is not a replay
    await session.flush()
    const a = store!.attempts.get(`att-${q.id}`)!
    expect(a).toMatchObject({ replays: 2, hints: 2, correct: true, fields: { pattern: true } })
    expect(session.replays).toBe(2)
  })

  it('counts latency from the start of the first playback when answered during it, else from its end', async () => {
    const { session, store, clock, audio } = setup()
    await session.load()
    clock.t = T0 + 100
    void session.next()
    await tick()
    expect(session.firstStartAt).toBe(T0 + 100)
    clock.t = T0 + 2600
    session.key('1')
    // A quick answer during playback is a real time (it used to be 0 ms, which FSRS read as "easy" regardless).
    expect(session.attempt?.latency).toBe(2500)
    expect(session.latencyFrom).toBe('start')
    expect(session.firstEndAt).toBeNull()
    await session.flush()
    expect(store!.attempts.get(session.attempt!.id)!.latency).toBe(2500)

    // The next one: heard to the end (a replay after that does not move the start), answered 1.2 s later.
    clock.t = T0 + 10_000
    void session.next()
    await tick()
    clock.t = T0 + 21_000
    audio.end()
    await tick()
    expect(session.firstEndAt).toBe(T0 + 21_000)
    void session.play()
    await tick()
    clock.t = T0 + 22_200
    session.key('2')
    expect(session.attempt?.latency).toBe(1200)
    expect(session.latencyFrom).toBe('end')
  })

  it('answers with keys 1–5, ignores other keys, and Enter goes on to the next question', async () => {
    const { session } = setup()
    await session.load()
    expect(session.key('Enter')).toBe(true) // starts
    await tick()
    const first = session.question!
    expect(session.key('x')).toBe(false)
    expect(session.key('7')).toBe(false)
    expect(session.phase).toBe('question')
    expect(session.key('4')).toBe(true)
    expect(session.attempt?.answer).toEqual({ pattern: 'zhi' })
    expect(session.key('2')).toBe(false) // already answered
    expect(session.key('Enter')).toBe(true)
    await tick()
    expect(session.question).not.toBe(first)
    expect(session.phase).toBe('question')
  })

  it('Space and R replay the question, T turns the drone on (the true tonic once answered)', async () => {
    const { session, audio } = setup()
    await session.load()
    expect(session.key(' ')).toBe(false) // nothing to replay yet
    expect(session.key('t')).toBe(false)
    void session.next()
    await tick()
    const q = session.question!
    expect(audio.calls).toHaveLength(1)
    expect(session.key(' ')).toBe(true)
    expect(session.key('R')).toBe(true)
    await tick()
    expect(audio.calls).toHaveLength(3)
    expect(session.replays).toBe(2)
    expect(session.key('T')).toBe(true)
    await tick()
    expect(audio.drones).toEqual([dronePitch(q)])
    expect(session.key('t')).toBe(true) // off again
    expect(session.drone).toBe(false)
    session.key(keyOf(wrongOf(q.label.pattern)))
    expect(session.phase).toBe('answered')
    expect(session.key('r')).toBe(true)
    session.key('t')
    await tick()
    expect(audio.drones).toEqual([dronePitch(q), q.label.tonic])
    expect(session.dronePitch).toBe(q.label.tonic)
  })

  it('tonic + pattern: keys choose the pattern, the tonic is picked, Enter submits', async () => {
    const { session } = setup()
    await session.load()
    session.startFree({ types: ['pentatonic'], kinds: ['tonic-pattern'], source: 'melody' })
    void session.next()
    await tick()
    const q = session.question!
    expect(q.kind).toBe('tonic-pattern')
    expect(q.source.kind).toBe('melody')
    expect(session.key('Enter')).toBe(false) // nothing chosen yet
    session.key(keyOf(q.label.pattern))
    expect(session.phase).toBe('question')
    session.chooseTonic(q.label.tonic)
    expect(session.complete).toBe(true)
    expect(session.key('Enter')).toBe(true)
    expect(session.attempt).toMatchObject({ correct: true, fields: { tonic: true, pattern: true } })
    expect(session.attempt?.question.rung).toBe('free')
    // Tonic-pattern hints drone on 宫, not on the tonic being asked.
    expect(dronePitch(q)).toBe(q.label.system)
  })

  it('adds the analyzer label to an attempt answered before the analyzer finished', async () => {
    const { session, store, finishAnalysis } = setup({ analyzer: 'manual' })
    await session.load()
    void session.next()
    await tick()
    const q = session.question!
    session.key('1')
    await session.flush()
    expect(store!.attempts.get(`att-${q.id}`)!.analyzerLabel).toBeUndefined()
    finishAnalysis()
    await tick()
    await session.flush()
    expect(store!.attempts.get(`att-${q.id}`)!.analyzerLabel).toEqual(q.label)
    expect(store!.attempts.size).toBe(1)
    expect(session.saved).toBe(1)
  })

  it('celebrates a newly mastered rung and moves on to the next', async () => {
    const store = new FakeStore()
    const rung = rungById('penta-scale')!
    const random = seededRandom(3)
    for (let i = 0; i < 19; i++) {
      const q = makeQuestion(rung, 'pattern', random, T0 - 100_000 + i)
      const a = answered(
        q,
        { pattern: i === 0 ? wrongOf(q.label.pattern) : q.label.pattern },
        T0 - 100_000 + i,
      )
      store.attempts.set(a.id, a)
    }
    const { session } = setup({ store })
    await session.load()
    expect(session.mastery[0]).toMatchObject({ recentCorrect: 18, recentTotal: 19, mastered: false })
    expect(session.mastery[1].unlocked).toBe(false)
    void session.next()
    await tick()
    session.key(keyOf(session.question!.label.pattern))
    expect(session.celebrate).toBe('penta-scale')
    expect(session.mastery[1].unlocked).toBe(true)
    expect(session.current.id).toBe('penta-short')
    expect(session.rung.id).toBe('penta-short')
  })

  it('after a reload the same store gives the same rung progress', async () => {
    const { session, store } = setup()
    await session.load()
    for (let i = 0; i < 3; i++) {
      void session.next()
      await tick()
      session.key('2')
    }
    await session.flush()
    const again = setup({ store })
    await again.session.load()
    expect(again.session.attempts).toHaveLength(3)
    expect(again.session.mastery[0]).toEqual(session.mastery[0])
  })

  it('works without a store, and keeps the answer in memory when saving fails', async () => {
    const memory = setup({ store: null })
    await memory.session.load()
    expect(memory.session.persistent).toBe(false)
    void memory.session.next()
    await tick()
    memory.session.key('1')
    expect(memory.session.attempts).toHaveLength(1)

    const failing = setup()
    failing.store!.fail = true
    await failing.session.load()
    void failing.session.next()
    await tick()
    failing.session.key('1')
    await failing.session.flush()
    expect(failing.session.saveError?.kind).toBe('quota')
    expect(failing.session.attempts).toHaveLength(1)
  })

  it('refuses free practice that cannot make a question, and reports a clip rung without clips', async () => {
    const { session } = setup()
    await session.load()
    expect(session.startFree({ types: ['pentatonic'], kinds: [], source: 'melody' })).toBe('noKinds')
    expect(session.startFree({ types: [], kinds: ['pattern'], source: 'melody' })).toBe('noTypes')
    expect(session.startFree({ types: ['pentatonic'], kinds: ['pattern'], source: 'clip' })).toBe('noClips')
    expect(session.free).toBeNull()
  })

  it('narrows free practice to patterns chosen by hand, and refuses none', async () => {
    const { session } = setup()
    await session.load()
    const base = { types: ['pentatonic'], kinds: ['same-tonic', 'pattern'], source: 'melody' } as const
    expect(session.startFree({ ...base, patterns: [] })).toBe('noPatterns')
    expect(session.startFree({ ...base, patterns: ['jue', 'zhi', 'gong'] })).toBeNull()
    expect(session.free?.patterns).toEqual(['jue', 'zhi', 'gong'])
    for (let i = 0; i < 12; i++) {
      void session.next()
      await tick()
      const q = session.question!
      expect(['gong', 'jue', 'zhi']).toContain(q.label.pattern)
      // New questions offer the three; a drill of a confused pair among them, just that pair.
      if (q.choices && q.reason === 'new')
        expect(q.choices.map((c) => c.pattern)).toEqual(['gong', 'jue', 'zhi'])
      for (const c of q.choices ?? []) expect(['gong', 'jue', 'zhi']).toContain(c.pattern)
      session.key(keyOf(wrongOf(q.label.pattern)))
    }
    // All five is no narrowing at all.
    session.startFree({ ...base, patterns: PATTERNS })
    expect(session.free?.patterns).toBeUndefined()
  })

  it('keeps timbre and tempo as settings', async () => {
    const { session, store } = setup()
    await session.load()
    session.setTempo(500)
    session.setTimbre('soft')
    await session.flush()
    expect(session.tempo).toBe(200)
    expect(store!.settings.get('practice.tempo')).toBe(200)
    const again = setup({ store })
    await again.session.load()
    expect(again.session.timbre).toBe('soft')
  })
})

describe('practice helpers', () => {
  it('rebuilds the same melody from a question seed, and plays it as sequential notes', () => {
    const q = makeQuestion(rungById('penta-short')!, 'pattern', seededRandom(1), T0)
    const m1 = questionMelody(q)!
    expect(questionMelody(q)).toEqual(m1)
    const notes = toPlayerNotes(m1)
    const beats = notes.reduce((s, n) => s + n.beats, 0)
    const end = Math.max(...m1.notes.map((n) => n.start + n.duration))
    expect(beats).toBeCloseTo(end, 6)
    expect(notes.filter((n) => !n.rest).at(-1)!.midi % 12).toBe(q.label.tonic)
    const withGap = toPlayerNotes({
      notes: [
        { midi: 60, start: 0, duration: 1, velocity: 1 },
        { midi: 62, start: 2, duration: 1, velocity: 1 },
      ],
    })
    expect(withGap).toEqual([
      { midi: 60, beats: 1 },
      { midi: 62, beats: 1, rest: true },
      { midi: 62, beats: 1 },
    ])
    expect(generateMelody(q.label, { seed: 1, bars: 2 }).notes.length).toBeGreaterThan(0)
  })

  it('maps review cards to store records and back', () => {
    const card = {
      id: 'confusion:yu>shang',
      due: T0,
      stability: 1,
      difficulty: 5,
      elapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 1,
      reps: 1,
      lapses: 0,
      state: 1 as const,
      lastReview: T0 - 1,
    }
    expect(recordToCard(cardToRecord(card, T0))).toEqual(card)
    expect(dronePitch(makeQuestion(rungById('same-tonic')!, 'same-tonic', seededRandom(2), T0))).toBeTypeOf(
      'number',
    )
    expect(labelFromTonic(9, 'yu').system).toBe(0)
  })
})

describe('clip questions', () => {
  it('plays a stored labelled clip, analyses its decoded audio, and refuses a clip that is gone', async () => {
    const store = new FakeStore()
    const label = labelFromTonic(2, 'shang')
    store.clips = [
      {
        id: 'c1',
        blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'audio/wav' }),
        name: 'c1.wav',
        mime: 'audio/wav',
        label,
        origin: 'import',
        createdAt: T0,
      },
      { id: 'c2', blob: new Blob([]), name: 'x.wav', mime: 'audio/wav', origin: 'import', createdAt: T0 },
    ]
    const { session, audio } = setup({ store })
    await session.load()
    expect(session.clips).toEqual([{ clipId: 'c1', label }]) // the unlabelled clip cannot be asked about
    expect(session.startFree({ types: ['pentatonic'], kinds: ['tonic-pattern'], source: 'clip' })).toBeNull()
    void session.next()
    await tick()
    expect(session.question?.source).toEqual({ kind: 'clip', clipId: 'c1' })
    expect(audio.calls).toEqual(['clip'])
    await tick()
    expect(session.analysis?.ok).toBe(true)
    session.chooseTonic(2)
    session.key(keyOf('shang'))
    session.submit()
    expect(session.attempt).toMatchObject({ correct: true, analyzerLabel: label })
    await session.flush()
    // A missed or reviewed clip gets its own card only when missed: this one was right.
    expect([...store.cards.keys()]).toEqual([])

    store.clips = []
    const gone = setup({ store })
    await gone.session.load()
    gone.session.clips = [{ clipId: 'c1', label }]
    gone.session.startFree({ types: ['pentatonic'], kinds: ['tonic-pattern'], source: 'clip' })
    await gone.session.next()
    expect(gone.session.error?.kind).toBe('clipMissing')
  })
})

describe('a "practise these" focus from the Progress page', () => {
  const FOCUS = { patterns: ['yu', 'shang'], from: 'confusion:yu>shang', at: T0 - 60_000 }

  it('opens focused free practice: only questions on the pair, choices narrowed to it, until left', async () => {
    const store = new FakeStore()
    store.settings.set('practice.focus', FOCUS)
    const { session, audio } = setup({ store })
    await session.load()
    expect(session.focus?.from).toBe('confusion:yu>shang')
    expect(session.free).toMatchObject({ patterns: ['shang', 'yu'], source: 'melody' })
    expect(session.rung.id).toBe('free')
    // The first question waits for the learner's press (audio starts only on a gesture).
    expect(session.question).toBeNull()
    expect(audio.calls).toEqual([])
    const kinds = new Set<string>()
    for (let i = 0; i < 20; i++) {
      void session.next()
      await tick()
      const q = session.question!
      kinds.add(q.kind)
      expect(['yu', 'shang']).toContain(q.label.pattern)
      expect(q.rung).toBe('free')
      if (q.choices) expect(q.choices.map((c) => c.pattern)).toEqual(['shang', 'yu'])
      session.key(keyOf(i % 2 ? q.label.pattern : wrongOf(q.label.pattern)))
    }
    // A pair without kinds asks every kind that tests a pattern.
    expect(kinds).toEqual(new Set(['pattern', 'tonic-pattern', 'same-system', 'same-tonic']))
    await session.flush()
    // Practising keeps the focus fresh in the store, so a reload goes on with it.
    expect((store.settings.get('practice.focus') as { at: number }).at).toBe(T0)
    const again = setup({ store })
    await again.session.load()
    expect(again.session.focus?.from).toBe('confusion:yu>shang')

    // Back to the ladder: the focus is gone, here and in the store.
    session.chooseRung(null)
    await session.flush()
    expect(session.focus).toBeNull()
    expect(session.free).toBeNull()
    expect(store.settings.has('practice.focus')).toBe(false)
    const later = setup({ store })
    await later.session.load()
    expect(later.session.focus).toBeNull()
    expect(later.session.rung.id).toBe('penta-scale')
  })

  it('choosing other free practice by hand also leaves the focus', async () => {
    const store = new FakeStore()
    store.settings.set('practice.focus', FOCUS)
    const { session } = setup({ store })
    await session.load()
    session.startFree({ types: ['pentatonic'], kinds: ['pattern'], source: 'scale' })
    await session.flush()
    expect(session.focus).toBeNull()
    expect(store.settings.has('practice.focus')).toBe(false)
  })

  it('drops a stale focus silently and an unreadable one with a note; the ladder goes on', async () => {
    const stale = new FakeStore()
    stale.settings.set('practice.focus', { ...FOCUS, at: T0 - FOCUS_MAX_AGE_MS - 1 })
    const a = setup({ store: stale })
    await a.session.load()
    await a.session.flush()
    expect(a.session.focus).toBeNull()
    expect(a.session.focusProblem).toBeNull()
    expect(a.session.free).toBeNull()
    expect(stale.settings.has('practice.focus')).toBe(false)

    const bad = new FakeStore()
    bad.settings.set('practice.focus', { patterns: ['la'], from: 'x', at: T0 })
    const b = setup({ store: bad })
    await b.session.load()
    expect(b.session.focusProblem).toBe('invalid')
    expect(b.session.free).toBeNull()
    expect(b.session.phase).toBe('ready')
  })

  it('reads focuses: a pattern gets its worst partner, types default to those met, kinds are kept', () => {
    const rung = rungById('hexa-scale')!
    const random = seededRandom(4)
    const history = Array.from({ length: 8 }, (_, i) => {
      const q = makeQuestion(rung, 'pattern', random, T0 - 10_000 + i, { pattern: 'zhi' })
      return answered(q, { pattern: i < 5 ? 'gong' : 'zhi' }, T0 - 10_000 + i)
    })
    const one = readFocus({ patterns: ['zhi'], from: 'pattern:zhi', at: T0 }, T0, history)
    expect(one).toMatchObject({
      from: 'pattern:zhi',
      partner: 'gong',
      options: {
        patterns: ['gong', 'zhi'],
        kinds: ['pattern', 'tonic-pattern', 'same-system', 'same-tonic'],
      },
    })
    if (typeof one === 'string') throw new Error('focus expected')
    expect(new Set(one.options.types)).toEqual(new Set(history.map((a) => a.question.label.type)))
    // A new learner's single pattern stays single; a kind focus keeps its kind; types given are kept.
    expect(readFocus({ patterns: ['zhi'], from: 'pattern:zhi', at: T0 }, T0, [])).toMatchObject({
      options: { patterns: ['zhi'], types: ['pentatonic'] },
    })
    expect(
      readFocus(
        { kinds: ['same-tonic'], types: ['heptatonic-yanyue'], from: 'kind:same-tonic', at: T0 },
        T0,
        [],
      ),
    ).toEqual({
      from: 'kind:same-tonic',
      options: { kinds: ['same-tonic'], types: ['heptatonic-yanyue'], source: 'melody' },
    })
    expect(
      readFocus({ types: ['hexatonic-qingjue'], from: 'type:hexatonic-qingjue', at: T0 }, T0, []),
    ).toMatchObject({ options: { kinds: ['tonic-pattern'], types: ['hexatonic-qingjue'] } })
    expect(readFocus('yu', T0, [])).toBe('invalid')
    expect(readFocus({ from: 'x', at: T0 }, T0, [])).toBe('invalid')
    expect(readFocus({ patterns: ['yu'], from: 'x', at: T0 + 10 * 60_000 }, T0, [])).toBe('stale')
  })
})
