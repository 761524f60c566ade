// An object store in memory with IndexedDB's rules: values are structured-cloned in and out, keys must be valid
// IndexedDB keys and sort in IndexedDB's key order, indexes leave out records whose index key is not a valid key,
// and a unique index refuses a second record with the same index key. Failures are the DOMExceptions IndexedDB
// raises (DataError, ConstraintError, DataCloneError), so toStoreError maps them the same way. Blobs are
// immutable, so they are shared rather than copied (IndexedDB gives back a Blob with the same bytes).

/** A valid IndexedDB key (binary keys are not used by the app). */
export type Key = number | string | Date | readonly Key[]

/** True for a valid IndexedDB key: a number (not NaN), a valid Date, a string, or an array of keys. */
export function isValidKey(v: unknown): v is Key {
  if (typeof v === 'number') return !Number.isNaN(v)
  if (typeof v === 'string') return true
  if (v instanceof Date) return !Number.isNaN(v.getTime())
  return Array.isArray(v) && v.every(isValidKey)
}

const TYPE_ORDER = (k: Key) =>
  typeof k === 'number' ? 0 : k instanceof Date ? 1 : typeof k === 'string' ? 2 : 3

/** IndexedDB's key order: numbers < dates < strings (by code unit) < arrays (element by element). */
export function compareKeys(a: Key, b: Key): number {
  const ta = TYPE_ORDER(a)
  const tb = TYPE_ORDER(b)
  if (ta !== tb) return ta - tb
  if (typeof a === 'number' || a instanceof Date) {
    const [x, y] = [Number(a), Number(b)]
    return x < y ? -1 : x > y ? 1 : 0
  }
  if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0
  const [xs, ys] = [a, b as readonly Key[]]
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const c = compareKeys(xs[i], ys[i])
    if (c !== 0) return c
  }
  return xs.length - ys.length
}

/** A string that identifies a key (equal keys, equal strings), for the Map of rows. */
function keyId(k: Key): string {
  if (typeof k === 'number') return `n${k}`
  if (typeof k === 'string') return `s${k}`
  if (k instanceof Date) return `d${k.getTime()}`
  return `a${JSON.stringify(k.map(keyId))}`
}

/** The value at a dotted key path ('card.due'), or undefined. */
function valueAt(value: unknown, path: string): unknown {
  let v = value
  for (const step of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<string, unknown>)[step]
  }
  return v
}

/** A structured clone of `value` (DataCloneError for what cannot be cloned) that shares its Blobs. */
export function copyOf<T>(value: T): T {
  return keepBlobs(value, structuredClone(value))
}

function keepBlobs<T>(original: T, clone: T): T {
  if (original instanceof Blob) return original
  if (typeof original !== 'object' || original === null || ArrayBuffer.isView(original)) return clone
  if (original instanceof Map || original instanceof Set || original instanceof Date) return clone
  const from = original as Record<string, unknown>
  const to = clone as Record<string, unknown>
  for (const k of Object.keys(from)) if (k in to) to[k] = keepBlobs(from[k], to[k])
  return clone
}

export interface IndexSpec {
  readonly path: string
  readonly unique?: boolean
}

export interface TableSpec {
  /** In-line keys at this path; out-of-line keys (passed to put/add) when absent. */
  readonly keyPath?: string
  readonly indexes?: Readonly<Record<string, IndexSpec>>
}

interface Row<V> {
  readonly key: Key
  readonly value: V
}

/** Which records of an index to read: index keys `accept` passes, values `keep` passes, at most `limit`. */
export interface IndexQuery<V> {
  readonly accept?: (indexKey: Key) => boolean
  readonly keep?: (value: V) => boolean
  /** Highest index key first. */
  readonly reverse?: boolean
  readonly limit?: number
}

/**
 * One object store. Reads return copies. Between begin() and commit() every change is journaled, so rollback()
 * puts back what was there.
 */
export class MemoryTable<V> {
  readonly #spec: TableSpec
  readonly #rows = new Map<string, Row<V>>()
  /** Per changed key, its row before the transaction (undefined: there was none). */
  #journal: Map<string, Row<V> | undefined> | null = null

  constructor(spec: TableSpec) {
    this.#spec = spec
  }

  begin(): void {
    this.#journal = new Map()
  }

  commit(): void {
    this.#journal = null
  }

  rollback(): void {
    for (const [id, row] of this.#journal ?? []) {
      if (row) this.#rows.set(id, row)
      else this.#rows.delete(id)
    }
    this.#journal = null
  }

  get size(): number {
    return this.#rows.size
  }

  get(key: Key): V | undefined {
    const row = this.#rows.get(keyId(key))
    return row && copyOf(row.value)
  }

  /** Stores `value` (replacing the record with its key). */
  put(value: V, key?: Key): void {
    this.#store(value, key, false)
  }

  /** Stores `value`; a record with its key already stored is a ConstraintError. */
  add(value: V, key?: Key): void {
    this.#store(value, key, true)
  }

  delete(key: Key): void {
    const id = keyId(key)
    this.#remember(id)
    this.#rows.delete(id)
  }

  /** Every record, in key order. */
  all(): V[] {
    return this.#sorted().map((r) => copyOf(r.value))
  }

  /** Every key, in key order. */
  keys(): Key[] {
    return this.#sorted().map((r) => r.key)
  }

  /** Every [key, value], in key order. */
  entries(): [Key, V][] {
    return this.#sorted().map((r) => [r.key, copyOf(r.value)])
  }

  /** The records an index holds (by index key, then primary key) that `query` asks for. */
  byIndex(name: string, query: IndexQuery<V> = {}): V[] {
    const spec = this.#spec.indexes?.[name]
    if (!spec) throw new DOMException(`No index '${name}'`, 'NotFoundError')
    const { accept = () => true, keep = () => true, reverse = false, limit = Infinity } = query
    const sign = reverse ? -1 : 1
    const found = [...this.#rows.values()]
      .map((row) => ({ row, ik: valueAt(row.value, spec.path) }))
      .filter((e): e is { row: Row<V>; ik: Key } => isValidKey(e.ik) && accept(e.ik) && keep(e.row.value))
      .sort((a, b) => sign * (compareKeys(a.ik, b.ik) || compareKeys(a.row.key, b.row.key)))
    return found.slice(0, limit).map((e) => copyOf(e.row.value))
  }

  #remember(id: string): void {
    if (this.#journal && !this.#journal.has(id)) this.#journal.set(id, this.#rows.get(id))
  }

  #sorted(): Row<V>[] {
    return [...this.#rows.values()].sort((a, b) => compareKeys(a.key, b.key))
  }

  #store(value: V, explicitKey: Key | undefined, noOverwrite: boolean): void {
    const clone = copyOf(value)
    const { keyPath } = this.#spec
    if (keyPath !== undefined && explicitKey !== undefined)
      throw new DOMException('An in-line key store takes no key argument', 'DataError')
    const key = keyPath !== undefined ? valueAt(clone, keyPath) : explicitKey
    if (!isValidKey(key)) throw new DOMException('The record has no valid key', 'DataError')
    const id = keyId(key)
    if (noOverwrite && this.#rows.has(id))
      throw new DOMException('A record with this key already exists', 'ConstraintError')
    for (const [name, spec] of Object.entries(this.#spec.indexes ?? {})) {
      const ik = valueAt(clone, spec.path)
      if (!spec.unique || !isValidKey(ik)) continue
      for (const [otherId, row] of this.#rows) {
        const other = valueAt(row.value, spec.path)
        if (otherId !== id && isValidKey(other) && compareKeys(other, ik) === 0)
          throw new DOMException(`The unique index '${name}' already holds this key`, 'ConstraintError')
      }
    }
    this.#remember(id)
    this.#rows.set(id, { key, value: clone })
  }
}
