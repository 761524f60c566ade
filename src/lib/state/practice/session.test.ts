import { describe, expect, it } from 'vitest'
import type { ClipRecord } from '../../store/schema.ts'
import { labelFromTonic } from '../../theory/label.ts'
import { PATTERNS } from '../../theory/tones.ts'
import { makeQuestion } from '../../tutor/questions.ts'
import { rungById } from '../../tutor/ladder.ts'
import { answered, seededRandom } from '../../tutor/testing.ts'
import { dronePitch } from './questions.ts'
import { TestStore, T0, keyOf, setup, tick, wrongOf } from './test-fixtures.ts'

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
    const stored = (await store!.store.getAttempt(`att-${q.id}`))!
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
    const card = (await store!.store.getCard(`confusion:${q.label.pattern}>${wrong}`))!
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
    const a = (await store!.store.getAttempt(`att-${q.id}`))!
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
    expect((await store!.store.getAttempt(session.attempt!.id))!.latency).toBe(2500)

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
    expect((await store!.store.getAttempt(`att-${q.id}`))!.analyzerLabel).toBeUndefined()
    finishAnalysis()
    await tick()
    await session.flush()
    expect((await store!.store.getAttempt(`att-${q.id}`))!.analyzerLabel).toEqual(q.label)
    expect(await store!.store.countAttempts()).toBe(1)
    expect(session.saved).toBe(1)
  })

  it('celebrates a newly mastered rung and moves on to the next', async () => {
    const store = new TestStore()
    const rung = rungById('penta-scale')!
    const random = seededRandom(3)
    for (let i = 0; i < 19; i++) {
      const q = makeQuestion(rung, 'pattern', random, T0 - 100_000 + i)
      const a = answered(
        q,
        { pattern: i === 0 ? wrongOf(q.label.pattern) : q.label.pattern },
        T0 - 100_000 + i,
      )
      await store.store.addAttempt(a)
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
    expect(await store!.store.getSetting('practice.tempo')).toBe(200)
    const again = setup({ store })
    await again.session.load()
    expect(again.session.timbre).toBe('soft')
  })
})

describe('clip questions', () => {
  it('plays a stored labelled clip, analyses its decoded audio, and refuses a clip that is gone', async () => {
    const store = new TestStore()
    const label = labelFromTonic(2, 'shang')
    for (const clip of [
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
    ] satisfies ClipRecord[])
      await store.store.putClip(clip)
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
    expect((await store.store.listCards()).map((c) => c.id)).toEqual([])

    await store.store.deleteClip('c1')
    await store.store.deleteClip('c2')
    const gone = setup({ store })
    await gone.session.load()
    gone.session.clips = [{ clipId: 'c1', label }]
    gone.session.startFree({ types: ['pentatonic'], kinds: ['tonic-pattern'], source: 'clip' })
    await gone.session.next()
    expect(gone.session.error?.kind).toBe('clipMissing')
  })
})
