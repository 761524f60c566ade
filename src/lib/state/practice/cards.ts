import { fromStoredCard, toStoredCard, type CardRecord } from '../../store/schema.ts'
import type { Timestamp } from '../../theory/units.ts'
import { fromFsrs, toFsrs, type ReviewCard } from '../../tutor/scheduler.ts'

/** A tutor review card as the store keeps it (snake_case FSRS fields, one record per card key). */
export function cardToRecord(c: ReviewCard, now: Timestamp): CardRecord {
  return { id: c.id, key: c.id, updatedAt: now, card: toStoredCard(toFsrs(c)) }
}

/** A stored card back as a tutor review card. */
export function recordToCard(r: CardRecord): ReviewCard {
  return fromFsrs(r.key, fromStoredCard(r.card))
}

/** `cards` with these newer copies in place of the old (added when new). */
export function withCards(cards: readonly ReviewCard[], newer: readonly ReviewCard[]): ReviewCard[] {
  const ids = newer.map((c) => c.id)
  return [...cards.filter((c) => !ids.includes(c.id)), ...newer]
}
