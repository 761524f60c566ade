// The Store's clips, review cards and settings over IndexedDB.
import type { IdbConnection } from './idb-connection.ts'
import type { CardRecord, ClipOrigin, ClipRecord, JsonValue, SettingRecord } from './schema.ts'
import type { Store } from './store.ts'
import type { Timestamp } from '../theory/units.ts'

export type RecordMethods = Pick<
  Store,
  | 'putClip'
  | 'getClip'
  | 'listClips'
  | 'findClipBySha256'
  | 'deleteClip'
  | 'putCard'
  | 'getCard'
  | 'getCardByKey'
  | 'listDueCards'
  | 'listCards'
  | 'deleteCard'
  | 'getSetting'
  | 'setSetting'
  | 'deleteSetting'
  | 'listSettings'
>

/** The clip, card and setting methods of a Store over `c`. */
export function recordMethods(c: IdbConnection): RecordMethods {
  return {
    // --- clips

    /** Stores a clip with its audio (same id replaces it). */
    async putClip(clip: ClipRecord): Promise<void> {
      await c.write(`Saving the clip '${clip.name}'`, 'clips', (tx) => tx.objectStore('clips').put(clip))
    },

    /** One clip with its audio Blob. */
    getClip(id: string): Promise<ClipRecord | undefined> {
      return c.read('Reading a clip', (db) => db.get('clips', id))
    },

    /** Clips, oldest first, optionally of one origin. */
    listClips(origin?: ClipOrigin): Promise<ClipRecord[]> {
      return c.read('Listing clips', (db) =>
        origin === undefined
          ? db.getAllFromIndex('clips', 'byCreated')
          : db.getAllFromIndex('clips', 'byOrigin', origin),
      )
    },

    /** A clip with these exact bytes, if one is stored (its sha256 was recorded). */
    findClipBySha256(sha256: string): Promise<ClipRecord | undefined> {
      return c.read('Looking up a clip', (db) => db.getFromIndex('clips', 'bySha256', sha256))
    },

    /** Deletes a clip (attempts that point to it keep their record, without audio). */
    async deleteClip(id: string): Promise<void> {
      await c.write('Deleting a clip', 'clips', (tx) => tx.objectStore('clips').delete(id))
    },

    // --- review cards

    /** Stores a review card (same id replaces it; a different id with the same key is refused). */
    async putCard(card: CardRecord): Promise<void> {
      await c.write('Saving a review card', 'cards', (tx) => tx.objectStore('cards').put(card))
    },

    /** One card by id. */
    getCard(id: string): Promise<CardRecord | undefined> {
      return c.read('Reading a review card', (db) => db.get('cards', id))
    },

    /** The card for a key such as 'confusion:yu>shang' or 'clip:<id>'. */
    getCardByKey(key: string): Promise<CardRecord | undefined> {
      return c.read('Reading a review card', (db) => db.getFromIndex('cards', 'byKey', key))
    },

    /** Cards due at or before `now`, soonest first. */
    listDueCards(now: Timestamp, limit?: number): Promise<CardRecord[]> {
      return c.read('Reading due reviews', (db) =>
        db.getAllFromIndex('cards', 'byDue', IDBKeyRange.upperBound(now), limit),
      )
    },

    /** Every card. */
    listCards(): Promise<CardRecord[]> {
      return c.read('Reading review cards', (db) => db.getAll('cards'))
    },

    /** Deletes a card. */
    async deleteCard(id: string): Promise<void> {
      await c.write('Deleting a review card', 'cards', (tx) => tx.objectStore('cards').delete(id))
    },

    // --- settings

    /** A setting's value, or undefined. The caller knows (and should check) its shape. */
    getSetting(key: string): Promise<JsonValue | undefined> {
      return c.read('Reading a setting', (db) => db.get('settings', key))
    },

    /** Sets a setting (the model API key included: it stays on this device). */
    async setSetting(key: string, value: JsonValue): Promise<void> {
      await c.write('Saving a setting', 'settings', (tx) => tx.objectStore('settings').put(value, key))
    },

    /** Removes a setting. */
    async deleteSetting(key: string): Promise<void> {
      await c.write('Removing a setting', 'settings', (tx) => tx.objectStore('settings').delete(key))
    },

    /** Every setting, secrets included (backups filter them out). */
    listSettings(): Promise<SettingRecord[]> {
      return c.read('Reading settings', async (db) => {
        const tx = db.transaction('settings')
        const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()])
        return keys.map((key, i) => ({ key, value: values[i] }))
      })
    },
  }
}
