// The Store's assignments, results (damaged ones kept out of every list) and outbox over IndexedDB.
import type { IdbConnection } from './idb-connection.ts'
import { assignmentProblem, resultProblem, type DamagedRecord } from './records.ts'
import { assertDamaged, assertNoSecrets, damagedOf } from './rules.ts'
import type { AssignmentRecord, OutboxRecord, ResultRecord } from './schema.ts'
import type { Store } from './store.ts'

export type AssignmentMethods = Pick<
  Store,
  | 'putAssignment'
  | 'getAssignment'
  | 'listAssignments'
  | 'listDamaged'
  | 'deleteDamaged'
  | 'deleteAssignment'
  | 'putResult'
  | 'listResults'
  | 'putOutbox'
  | 'listOutbox'
  | 'deleteOutbox'
>

/** The assignment, result and outbox methods of a Store over `c`. */
export function assignmentMethods(c: IdbConnection): AssignmentMethods {
  return {
    /** Stores an assignment pack record (same id replaces it). */
    async putAssignment(assignment: AssignmentRecord): Promise<void> {
      await c.write('Saving the assignment', 'assignments', (tx) =>
        tx.objectStore('assignments').put(assignment),
      )
    },

    /** One assignment; undefined when it is missing or damaged (see listDamaged). */
    getAssignment(id: string): Promise<AssignmentRecord | undefined> {
      return c.read('Reading an assignment', async (db) => {
        const r = await db.get('assignments', id)
        return r && assignmentProblem(r) === null ? r : undefined
      })
    },

    /** Assignments, oldest first. Damaged records are left out: listDamaged lists them. */
    listAssignments(): Promise<AssignmentRecord[]> {
      return c.read('Listing assignments', async (db) =>
        (await db.getAllFromIndex('assignments', 'byCreated')).filter((r) => assignmentProblem(r) === null),
      )
    },

    /**
     * Stored assignments and results that fail the checks the app reads them with (written by an older or a
     * buggy version, or edited by hand): kept out of every list so no page breaks, listed here to export or delete.
     */
    listDamaged(): Promise<DamagedRecord[]> {
      return c.read('Checking stored assignments', async (db) => {
        const tx = db.transaction(['assignments', 'results'])
        const [assignments, results] = await Promise.all([
          tx.objectStore('assignments').getAll(),
          tx.objectStore('results').getAll(),
        ])
        return damagedOf(assignments, results)
      })
    },

    /** Deletes one damaged record (only a record that is damaged: a good one is refused). */
    async deleteDamaged(which: Pick<DamagedRecord, 'store' | 'id'>): Promise<void> {
      await c.write('Deleting a damaged record', which.store, async (tx) => {
        const os = tx.objectStore(which.store)
        const r = await os.get(which.id)
        if (!r) return
        assertDamaged(which, r as AssignmentRecord | ResultRecord)
        await os.delete(which.id)
      })
    },

    /** Deletes an assignment and its results in one transaction. */
    async deleteAssignment(id: string): Promise<void> {
      await c.write('Deleting an assignment', ['assignments', 'results'], async (tx) => {
        await tx.objectStore('assignments').delete(id)
        const results = tx.objectStore('results')
        for (const key of await results.index('byAssignment').getAllKeys(id)) await results.delete(key)
      })
    },

    /** Stores an imported results record (same id replaces it). */
    async putResult(result: ResultRecord): Promise<void> {
      await c.write('Saving results', 'results', (tx) => tx.objectStore('results').put(result))
    },

    /** Results, of one assignment or all. Damaged records are left out: listDamaged lists them. */
    listResults(assignmentId?: string): Promise<ResultRecord[]> {
      return c.read('Reading results', async (db) =>
        (assignmentId === undefined
          ? await db.getAll('results')
          : await db.getAllFromIndex('results', 'byAssignment', assignmentId)
        ).filter((r) => resultProblem(r) === null),
      )
    },

    // --- outbox (queued model requests)

    /** Queues (or updates) a model request. Refuses a settings snapshot that carries a secret. */
    async putOutbox(item: OutboxRecord): Promise<void> {
      assertNoSecrets(item)
      await c.write('Queueing the request to the model', 'outbox', (tx) => tx.objectStore('outbox').put(item))
    },

    /** Queued requests, oldest first. */
    listOutbox(): Promise<OutboxRecord[]> {
      return c.read('Reading queued requests', (db) => db.getAllFromIndex('outbox', 'byCreated'))
    },

    /** Removes a request (sent, or dropped by the user). */
    async deleteOutbox(id: string): Promise<void> {
      await c.write('Removing a queued request', 'outbox', (tx) => tx.objectStore('outbox').delete(id))
    },
  }
}
