// A tiny schema helper for untrusted JSON (backups, stored drafts): each schema checks a value and returns it typed, or throws
// a ValidationError naming the path. Objects are strict: a missing or an extra field is an error.

/** Where and why a value was refused. */
export class ValidationError extends Error {
  readonly path: string
  readonly reason: string
  constructor(path: string, reason: string) {
    super(`${path || '(root)'}: ${reason}`)
    this.name = 'ValidationError'
    this.path = path
    this.reason = reason
  }
}

/** Checks `value` (found at `path`) and returns it typed, or throws ValidationError. */
export type Schema<T> = ((value: unknown, path: string) => T) & { readonly optional?: true }

/** The type a schema accepts. */
export type Infer<S> = S extends Schema<infer T> ? T : never

/** Runs a schema, returning a result instead of throwing. */
export function check<T>(
  schema: Schema<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; error: ValidationError } {
  try {
    return { ok: true, value: schema(value, '') }
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, error }
    throw error
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : `a ${typeof value}`
}

/** A string of at most `max` characters (default 10,000), optionally matching `pattern`. */
export function string(options: { max?: number; pattern?: RegExp } = {}): Schema<string> {
  const { max = 10_000, pattern } = options
  return (v, path) => {
    if (typeof v !== 'string') throw new ValidationError(path, `expected a string, got ${describe(v)}`)
    if (v.length > max) throw new ValidationError(path, `longer than ${max} characters`)
    if (pattern && !pattern.test(v)) throw new ValidationError(path, `does not match ${pattern}`)
    return v
  }
}

/** A finite number in [min, max], an integer when asked. */
export function number(options: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
  const { min = -Number.MAX_VALUE, max = Number.MAX_VALUE, integer = false } = options
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ValidationError(path, `expected a number, got ${describe(v)}`)
    if (integer && !Number.isInteger(v)) throw new ValidationError(path, `expected an integer, got ${v}`)
    if (v < min || v > max) throw new ValidationError(path, `${v} is outside ${min}..${max}`)
    return v
  }
}

/** true or false. */
export const boolean: Schema<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new ValidationError(path, `expected true or false, got ${describe(v)}`)
  return v
}

/** One of the listed values. */
export function oneOf<const T extends string | number>(values: readonly T[]): Schema<T> {
  return (v, path) => {
    if (!values.includes(v as T))
      throw new ValidationError(path, `expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}`)
    return v as T
  }
}

/** An array of at most `max` items (default 100,000), each checked. */
export function array<T>(item: Schema<T>, options: { max?: number } = {}): Schema<T[]> {
  const { max = 100_000 } = options
  return (v, path) => {
    if (!Array.isArray(v)) throw new ValidationError(path, `expected an array, got ${describe(v)}`)
    if (v.length > max) throw new ValidationError(path, `more than ${max} items`)
    return v.map((x, i) => item(x, `${path}[${i}]`))
  }
}

/** A value that may also be null (stored JSON uses null for "not chosen yet"). */
export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return (v, path) => (v === null ? null : schema(v, path))
}

/** Marks a field that may be absent (it must not be present as null). */
export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  const s = ((v: unknown, path: string) => schema(v, path)) as Schema<T | undefined>
  return Object.assign(s, { optional: true as const })
}

/** The schema of every field of T: listing a field too few or too many is a compile error. */
export type Shape<T> = { readonly [K in keyof T]-?: Schema<T[K]> }

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A plain object with exactly these fields (optional ones may be absent); any other field is refused. */
export function object<T>(shape: Shape<T>): Schema<T> {
  const keys = Object.keys(shape) as (keyof T & string)[]
  return (v, path) => {
    if (!isPlainObject(v)) throw new ValidationError(path, `expected an object, got ${describe(v)}`)
    for (const k of Object.keys(v))
      if (!Object.hasOwn(shape, k)) throw new ValidationError(path ? `${path}.${k}` : k, 'unexpected field')
    const out: Partial<T> = {}
    for (const k of keys) {
      const at = path ? `${path}.${k}` : k
      const schema = shape[k]
      if (!Object.hasOwn(v, k)) {
        if (schema.optional) continue
        throw new ValidationError(at, 'missing')
      }
      out[k] = schema(v[k], at)
    }
    return out as T
  }
}

/** A union told apart by a string field (e.g. `kind`): each variant is a strict object schema. */
export function tagged<const K extends string, T extends { readonly [P in K]: string }>(
  tag: K,
  variants: { readonly [V in T[K]]: Schema<Extract<T, { readonly [P in K]: V }>> },
): Schema<T> {
  const names = Object.keys(variants)
  return (v, path) => {
    if (!isPlainObject(v)) throw new ValidationError(path, `expected an object, got ${describe(v)}`)
    const which = v[tag]
    if (typeof which !== 'string' || !Object.hasOwn(variants, which))
      throw new ValidationError(path ? `${path}.${tag}` : tag, `expected one of ${names.join(', ')}`)
    return (variants as Record<string, Schema<T>>)[which](v, path)
  }
}

/** Adds a check across fields (e.g. a label's pattern agrees with its tonic and system). */
export function refine<T>(schema: Schema<T>, test: (value: T) => string | null): Schema<T> {
  return (v, path) => {
    const value = schema(v, path)
    const problem = test(value)
    if (problem !== null) throw new ValidationError(path, problem)
    return value
  }
}

/** Any JSON value, at most `maxDepth` deep and `maxNodes` values in all (so a hostile file cannot blow up). */
export function json(options: { maxDepth?: number; maxNodes?: number } = {}): Schema<JsonLike> {
  const { maxDepth = 32, maxNodes = 100_000 } = options
  return (v, path) => {
    let nodes = 0
    const walk = (x: unknown, at: string, depth: number): JsonLike => {
      if (++nodes > maxNodes) throw new ValidationError(at, `more than ${maxNodes} values`)
      if (depth > maxDepth) throw new ValidationError(at, `nested deeper than ${maxDepth}`)
      if (x === null || typeof x === 'string' || typeof x === 'boolean') return x
      if (typeof x === 'number') {
        if (!Number.isFinite(x)) throw new ValidationError(at, 'not a finite number')
        return x
      }
      if (Array.isArray(x)) return x.map((y, i) => walk(y, `${at}[${i}]`, depth + 1))
      if (isPlainObject(x)) {
        const out: Record<string, JsonLike> = {}
        // defineProperty, not `out[k] =`: a key named __proto__ must stay data, not replace the prototype.
        for (const [k, y] of Object.entries(x))
          Object.defineProperty(out, k, {
            value: walk(y, at ? `${at}.${k}` : k, depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
          })
        return out
      }
      throw new ValidationError(at, `not JSON: ${describe(x)}`)
    }
    return walk(v, path, 0)
  }
}

/** JSON data as this module sees it (the store's JsonValue, structurally). */
export type JsonLike =
  null | boolean | number | string | readonly JsonLike[] | { readonly [k: string]: JsonLike }

/** A JSON object (not an array or a scalar). */
export function jsonObject(options?: { maxDepth?: number; maxNodes?: number }): Schema<{
  readonly [k: string]: JsonLike
}> {
  const any = json(options)
  return (v, path) => {
    if (!isPlainObject(v)) throw new ValidationError(path, `expected an object, got ${describe(v)}`)
    return any(v, path) as { readonly [k: string]: JsonLike }
  }
}
