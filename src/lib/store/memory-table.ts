// An object store in memory with IndexedDB's rules: values are structured-cloned in and out, keys must be valid
// IndexedDB keys and sort in IndexedDB's key order, indexes leave out records whose index key is not a valid key,
// and a unique index refuses a second record with the same index key. Failures are the DOMExceptions IndexedDB
// raises (DataError, ConstraintError, DataCloneError), so toStoreError maps them the same way.

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

/** One object store. Reads return copies; `copy()` gives a table to change without touching this one. */
export class MemoryTable<V> {
  readonly #spec: TableSpec
  readonly #rows: Map<string, Row<V>>

  constructor(spec: TableSpec, rows: Map<string, Row<V>> = new Map()) {
    this.#spec = spec
    this.#rows = rows
  }

  /** A table with the same rows, to stage a transaction's writes in (rows are immutable copies, so shared). */
  copy(): MemoryTable<V> {
    return new MemoryTable(this.#spec, new Map(this.#rows))
  }

  get size(): number {
    return this.#rows.size
  }

  get(key: Key): V | undefined {
    const row = this.#rows.get(keyId(key))
    return row && structuredClone(row.value)
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
    this.#rows.delete(keyId(key))
  }

  /** Every record, in key order. */
  all(): V[] {
    return this.#sorted().map((r) => structuredClone(r.value))
  }

  /** Every key, in key order. */
  keys(): Key[] {
    return this.#sorted().map((r) => r.key)
  }

  /** Every [key, value], in key order. */
  entries(): [Key, V][] {
    return this.#sorted().map((r) => [r.key, structuredClone(r.value)])
  }

  /** The records an index holds, whose index key passes `accept`, by index key then primary key. */
  byIndex(name: string, accept: (indexKey: Key) => boolean = () => true): V[] {
    const spec = this.#spec.indexes?.[name]
    if (!spec) throw new DOMException(`No index '${name}'`, 'NotFoundError')
    return [...this.#rows.values()]
      .map((row) => ({ row, ik: valueAt(row.value, spec.path) }))
      .filter((e): e is { row: Row<V>; ik: Key } => isValidKey(e.ik) && accept(e.ik))
      .sort((a, b) => compareKeys(a.ik, b.ik) || compareKeys(a.row.key, b.row.key))
      .map((e) => structuredClone(e.row.value))
  }

  #sorted(): Row<V>[] {
    return [...this.#rows.values()].sort((a, b) => compareKeys(a.key, b.key))
  }

  #store(value: V, explicitKey: Key | undefined, noOverwrite: boolean): void {
    const clone = structuredClone(value)
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
    this.#rows.set(id, { key, value: clone })
  }
}
