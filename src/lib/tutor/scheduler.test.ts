import { describe, expect, it } from 'vitest'
import { labelFromTonic } from '../theory/label.ts'
import { rungById } from './ladder.ts'
import { makeQuestion } from './questions.ts'
import {
  applyAttempt,
  clipCardId,
  confusionCardId,
  dueCards,
  newCard,
  parseCardId,
  pickNext,
  ratingFor,
  reviewCard,
  worstConfusions,
  type ReviewCard,
} from './scheduler.ts'
import { answered, seededRandom } from './testing.ts'
import type { Attempt, Question } from './types.ts'

const T0 = Date.UTC(2025, 4, 1, 9)
const MIN = 60_000
const DAY = 86_400_000

describe('card ids', () => {
  it('round-trip confusion and clip ids', () => {
    expect(confusionCardId('yu', 'shang')).toBe('confusion:yu>shang')
    expect(parseCardId('confusion:yu>shang')).toEqual({ kind: 'confusion', truth: 'yu', answered: 'shang' })
    expect(parseCardId(clipCardId('x:1'))).toEqual({ kind: 'clip', clipId: 'x:1' })
    expect(parseCardId('confusion:yu>yu')).toBeNull()
    expect(parseCardId('confusion:la>shang')).toBeNull()
    expect(parseCardId('clip:')).toBeNull()
  })
})

describe('FSRS cards', () => {
  it('are plain data that survive JSON', () => {
    const c = reviewCard(newCard('confusion:yu>shang', T0), 'good', T0)
    expect(JSON.parse(JSON.stringify(c))).toEqual(c)
    expect(typeof c.due).toBe('number')
    expect(c.lastReview).toBe(T0)
  })

  it('schedule with fixed times: again soon, good later, easy later still', () => {
    const fresh = newCard('c', T0)
    expect(fresh).toMatchObject({ due: T0, state: 0, reps: 0 })
    const again = reviewCard(fresh, 'again', T0)
    expect(again.due - T0).toBe(1 * MIN) // first learning step
    expect(again.state).toBe(1)
    const good = reviewCard(fresh, 'good', T0)
    expect(good.due - T0).toBe(10 * MIN)
    const easy = reviewCard(fresh, 'easy', T0)
    expect(easy.state).toBe(2)
    expect(easy.due - T0).toBeGreaterThanOrEqual(DAY)
    // Graduating with good twice, then good again: the interval grows.
    const g2 = reviewCard(good, 'good', good.due)
    const g3 = reviewCard(g2, 'good', g2.due)
    expect(g2.state).toBe(2)
    expect(g3.due - g2.due).toBeGreaterThan(g2.due - good.due)
    // A lapse counts and brings the card back within minutes.
    const lapsed = reviewCard(g3, 'again', g3.due)
    expect(lapsed.lapses).toBe(1)
    expect(lapsed.due - g3.due).toBeLessThanOrEqual(10 * MIN)
  })

  it('lists due cards most overdue first', () => {
    const cards: ReviewCard[] = [
      { ...newCard('b', T0), due: T0 + 5 },
      { ...newCard('a', T0), due: T0 - 100 },
      { ...newCard('c', T0), due: T0 + 1000 },
    ]
    expect(dueCards(cards, T0 + 10).map((c) => c.id)).toEqual(['a', 'b'])
    expect(dueCards(cards, T0 - 200)).toEqual([])
  })
})

describe('ratingFor', () => {
  const base = { correct: true, replays: 0, hints: 0, latency: 6000 }
  it('maps an attempt to a rating', () => {
    expect(ratingFor({ ...base, correct: false, latency: 500 })).toBe('again')
    expect(ratingFor({ ...base, replays: 1 })).toBe('hard')
    expect(ratingFor({ ...base, hints: 1, latency: 500 })).toBe('hard')
    expect(ratingFor({ ...base, latency: 20_000 })).toBe('hard')
    expect(ratingFor(base)).toBe('good')
    expect(ratingFor({ ...base, latency: 2000 })).toBe('easy')
    expect(ratingFor({ ...base, latency: 2000 }, { slowMs: 30_000, fastMs: 1000 })).toBe('good')
  })

  it('reads a latency counted from the start of playback: only a quick answer during it is easy', () => {
    // Answered 2.5 s into the first playback: decided early, unaided.
    expect(ratingFor({ ...base, latency: 2500 })).toBe('easy')
    // Answered 9 s into an 11 s melody: listened to most of it first.
    expect(ratingFor({ ...base, latency: 9000 })).toBe('good')
  })
})

function yuQuestion(at: number, seed: number): Question {
  return makeQuestion(rungById('penta-short')!, 'pattern', seededRandom(seed), at, { pattern: 'yu' })
}

describe('applyAttempt', () => {
  it('creates a confusion card on a miss, and reviews the card a drill exercised', () => {
    const miss = answered(yuQuestion(T0, 1), { pattern: 'shang' }, T0)
    const [card] = applyAttempt([], miss)
    expect(card).toMatchObject({ id: 'confusion:yu>shang', reps: 1, due: T0 + MIN })
    expect(applyAttempt([], answered(yuQuestion(T0, 1), { pattern: 'yu' }, T0))).toEqual([])

    const drill = { ...yuQuestion(T0 + 2 * MIN, 2), cardId: card.id }
    const hit = answered(drill, { pattern: 'yu' }, T0 + 2 * MIN)
    const [after] = applyAttempt([card], hit)
    expect(after).toMatchObject({ id: card.id, reps: 2, lastReview: T0 + 2 * MIN })
    expect(after.due).toBeGreaterThan(card.due)
  })

  it('keeps a card per clip once one was missed', () => {
    const clip = { clipId: 'song-1', label: labelFromTonic(7, 'zhi') }
    const q = makeQuestion(rungById('clips')!, 'tonic-pattern', seededRandom(1), T0, { clip })
    expect(applyAttempt([], answered(q, { tonic: 7, pattern: 'zhi' }, T0))).toEqual([])
    const missed = applyAttempt([], answered(q, { tonic: 0, pattern: 'gong' }, T0))
    expect(missed.map((c) => c.id).sort()).toEqual(['clip:song-1', 'confusion:zhi>gong'])
    const clipCard = missed.find((c) => c.id === 'clip:song-1')!
    const later = applyAttempt([clipCard], answered(q, { tonic: 7, pattern: 'zhi' }, T0 + DAY))
    expect(later).toHaveLength(1)
    expect(later[0].reps).toBe(2)
  })
})

/** 30 attempts where yu is always taken for shang, plus some right answers on other patterns. */
function yuAsShangHistory(): { attempts: Attempt[]; cards: ReviewCard[] } {
  const random = seededRandom(99)
  const rung = rungById('penta-short')!
  const attempts: Attempt[] = []
  let cards: ReviewCard[] = []
  for (let i = 0; i < 30; i++) {
    const at = T0 + i * MIN
    const q = makeQuestion(rung, 'pattern', random, at, { pattern: 'yu' })
    const a = answered(q, { pattern: 'shang' }, at)
    attempts.push(a)
    const changed = applyAttempt(cards, a)
    cards = [...cards.filter((c) => !changed.some((x) => x.id === c.id)), ...changed]
  }
  for (const [i, p] of (['gong', 'jue', 'zhi', 'shang'] as const).entries()) {
    const at = T0 + (30 + i) * MIN
    attempts.push(answered(makeQuestion(rung, 'pattern', random, at, { pattern: p }), { pattern: p }, at))
  }
  return { attempts, cards }
}

describe('worstConfusions', () => {
  it('weighs pairs by error rate over the recent window', () => {
    const { attempts } = yuAsShangHistory()
    expect(worstConfusions(attempts)).toEqual([
      { truth: 'yu', answered: 'shang', errors: 30, weight: 30 / 31 },
    ])
    expect(worstConfusions(attempts, 4)).toEqual([]) // the last four were all right
  })
})

describe('pickNext', () => {
  it('drills yu/shang after yu was always answered shang', () => {
    const { attempts, cards } = yuAsShangHistory()
    const random = seededRandom(2024)
    const now = T0 + 60 * MIN
    const picks = Array.from({ length: 20 }, (_, i) =>
      pickNext({ rung: rungById('penta-short')!, attempts, cards }, random, now + i),
    )
    const drills = picks.filter((q) => q.reason !== 'new')
    expect(drills.length).toBeGreaterThanOrEqual(14)
    for (const q of drills) {
      expect(['yu', 'shang']).toContain(q.label.pattern)
      expect(q.cardId).toBe('confusion:yu>shang')
    }
    const onPair = picks.filter((q) => q.label.pattern === 'yu' || q.label.pattern === 'shang')
    expect(onPair.length).toBeGreaterThanOrEqual(15)
    // Still a mix: some new material, and both the review and the drill sources show up.
    const reasons = new Set(picks.map((q) => q.reason))
    expect(reasons).toEqual(new Set(['new', 'review', 'confusion']))
    expect(picks.every((q) => q.rung === 'penta-short')).toBe(true)
  })

  it('gives a new learner only new material', () => {
    const random = seededRandom(5)
    const picks = Array.from({ length: 10 }, (_, i) =>
      pickNext({ rung: rungById('penta-scale')!, attempts: [], cards: [] }, random, T0 + i),
    )
    expect(picks.every((q) => q.reason === 'new' && q.kind === 'pattern')).toBe(true)
    expect(new Set(picks.map((q) => q.label.pattern)).size).toBeGreaterThan(2)
  })

  it('narrows a 同宫系统 drill to the confused pair', () => {
    const { attempts, cards } = yuAsShangHistory()
    const random = seededRandom(8)
    const rung = rungById('same-system')!
    const drills = Array.from({ length: 20 }, (_, i) =>
      pickNext({ rung, attempts, cards, mix: { fresh: 0 } }, random, T0 + DAY + i),
    )
    expect(drills.every((q) => q.kind === 'same-system')).toBe(true)
    for (const q of drills) expect(q.choices!.map((c) => c.pattern)).toEqual(['shang', 'yu'])
  })

  it('narrowed to patterns: every truth is one of them, choices narrowed to them, other drills dropped', () => {
    const { attempts, cards } = yuAsShangHistory()
    // A jue>gong confusion on top, outside the focus.
    const random = seededRandom(31)
    const rung = {
      ...rungById('same-tonic')!,
      kinds: ['same-tonic', 'same-system', 'tonic-pattern'] as const,
    }
    const extra = Array.from({ length: 10 }, (_, i) => {
      const at = T0 + (40 + i) * MIN
      return answered(
        makeQuestion(rung, 'same-tonic', random, at, { pattern: 'jue' }),
        { pattern: 'gong' },
        at,
      )
    })
    const all = [...attempts, ...extra]
    const picks = Array.from({ length: 60 }, (_, i) =>
      pickNext({ rung, attempts: all, cards, patterns: ['shang', 'yu'] }, random, T0 + DAY + i),
    )
    for (const q of picks) {
      expect(['yu', 'shang']).toContain(q.label.pattern)
      if (q.choices) expect(q.choices.map((c) => c.pattern)).toEqual(['shang', 'yu'])
      if (q.cardId) expect(q.cardId).toBe('confusion:yu>shang')
    }
    expect(new Set(picks.map((q) => q.label.pattern))).toEqual(new Set(['yu', 'shang']))
    expect(new Set(picks.map((q) => q.reason))).toEqual(new Set(['new', 'review', 'confusion']))
    // One pattern: every truth is it, the choices stay all five (a single choice would give it away).
    const one = Array.from({ length: 20 }, (_, i) =>
      pickNext({ rung, attempts: all, cards, patterns: ['jue'] }, random, T0 + DAY + i),
    )
    for (const q of one) {
      expect(q.label.pattern).toBe('jue')
      if (q.choices && q.reason === 'new') expect(q.choices).toHaveLength(5)
    }
    // All five or none: not narrowed.
    const free = Array.from({ length: 40 }, (_, i) =>
      pickNext({ rung, attempts: [], cards: [], patterns: [] }, random, T0 + i),
    )
    expect(new Set(free.map((q) => q.label.pattern)).size).toBe(5)
  })

  it('narrowed clip practice asks only clips of those patterns', () => {
    const rung = rungById('clips')!
    const clips = [
      { clipId: 'yu-1', label: labelFromTonic(9, 'yu') },
      { clipId: 'gong-1', label: labelFromTonic(0, 'gong') },
    ]
    const random = seededRandom(4)
    for (let i = 0; i < 10; i++)
      expect(
        pickNext({ rung, attempts: [], cards: [], clips, patterns: ['gong'] }, random, T0 + i).source,
      ).toEqual({ kind: 'clip', clipId: 'gong-1' })
    expect(() => pickNext({ rung, attempts: [], cards: [], clips, patterns: ['zhi'] }, random, T0)).toThrow(
      /needs clips/,
    )
  })

  it('reviews a due clip card with that clip', () => {
    const clip = { clipId: 'song-9', label: labelFromTonic(4, 'jue') }
    const card = { ...newCard('clip:song-9', T0), due: T0 }
    const q = pickNext(
      { rung: rungById('penta-long')!, attempts: [], cards: [card], clips: [clip], mix: { fresh: 0 } },
      seededRandom(3),
      T0 + MIN,
    )
    expect(q).toMatchObject({
      reason: 'review',
      cardId: 'clip:song-9',
      rung: 'review',
      kind: 'tonic-pattern',
    })
    expect(q.source).toEqual({ kind: 'clip', clipId: 'song-9' })
    expect(q.label).toBe(clip.label)
  })

  it('draws clip rungs from the clips given, and drills a confusion with a clip of the missed pattern', () => {
    const rung = rungById('clips')!
    expect(() => pickNext({ rung, attempts: [], cards: [] }, seededRandom(1), T0)).toThrow(/needs clips/)
    const clips = [
      { clipId: 'yu-1', label: labelFromTonic(9, 'yu') },
      { clipId: 'gong-1', label: labelFromTonic(0, 'gong') },
    ]
    const { attempts } = yuAsShangHistory()
    const random = seededRandom(12)
    const picks = Array.from({ length: 20 }, (_, i) =>
      pickNext({ rung, attempts, cards: [], clips, mix: { fresh: 0 } }, random, T0 + DAY + i),
    )
    // Only yu has a clip: drills whose truth is shang fall back to it rather than to new material.
    for (const q of picks) {
      expect(q.source).toEqual({ kind: 'clip', clipId: 'yu-1' })
      expect(q).toMatchObject({ reason: 'confusion', cardId: 'confusion:yu>shang' })
    }
  })
})
