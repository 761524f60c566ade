import { describe, expect, it } from 'vitest'
import { makeQuestion } from '../../tutor/questions.ts'
import { rungById } from '../../tutor/ladder.ts'
import { answered, seededRandom } from '../../tutor/testing.ts'
import { FOCUS_MAX_AGE_MS, readFocus } from './focus.ts'
import { TestStore, T0, keyOf, setup, tick, wrongOf } from './test-fixtures.ts'

describe('a "practise these" focus from the Progress page', () => {
  const FOCUS = { patterns: ['yu', 'shang'], from: 'confusion:yu>shang', at: T0 - 60_000 }

  it('opens focused free practice: only questions on the pair, choices narrowed to it, until left', async () => {
    const store = new TestStore()
    await store.store.setSetting('practice.focus', FOCUS)
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
    expect(((await store.store.getSetting('practice.focus')) as { at: number }).at).toBe(T0)
    const again = setup({ store })
    await again.session.load()
    expect(again.session.focus?.from).toBe('confusion:yu>shang')

    // Back to the ladder: the focus is gone, here and in the store.
    session.chooseRung(null)
    await session.flush()
    expect(session.focus).toBeNull()
    expect(session.free).toBeNull()
    expect(await store.hasSetting('practice.focus')).toBe(false)
    const later = setup({ store })
    await later.session.load()
    expect(later.session.focus).toBeNull()
    expect(later.session.rung.id).toBe('penta-scale')
  })

  it('choosing other free practice by hand also leaves the focus', async () => {
    const store = new TestStore()
    await store.store.setSetting('practice.focus', FOCUS)
    const { session } = setup({ store })
    await session.load()
    session.startFree({ types: ['pentatonic'], kinds: ['pattern'], source: 'scale' })
    await session.flush()
    expect(session.focus).toBeNull()
    expect(await store.hasSetting('practice.focus')).toBe(false)
  })

  it('drops a stale focus silently and an unreadable one with a note; the ladder goes on', async () => {
    const stale = new TestStore()
    await stale.store.setSetting('practice.focus', { ...FOCUS, at: T0 - FOCUS_MAX_AGE_MS - 1 })
    const a = setup({ store: stale })
    await a.session.load()
    await a.session.flush()
    expect(a.session.focus).toBeNull()
    expect(a.session.focusProblem).toBeNull()
    expect(a.session.free).toBeNull()
    expect(await stale.hasSetting('practice.focus')).toBe(false)

    const bad = new TestStore()
    await bad.store.setSetting('practice.focus', { patterns: ['la'], from: 'x', at: T0 })
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
