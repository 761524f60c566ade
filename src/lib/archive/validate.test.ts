import { describe, expect, test } from 'vitest'
import {
  array,
  boolean,
  check,
  json,
  number,
  object,
  oneOf,
  optional,
  refine,
  string,
  tagged,
  type Schema,
} from './validate.ts'
import { labelSchema } from '../store/backup-format.ts'
import { labelFromTonic } from '../theory/label.ts'

interface Point {
  readonly x: number
  readonly name?: string
}
const point: Schema<Point> = object<Point>({ x: number(), name: optional(string({ max: 5 })) })

function reason(schema: Schema<unknown>, value: unknown): string {
  const r = check(schema, value)
  return r.ok ? 'ok' : r.error.message
}

describe('object', () => {
  test('accepts exactly its fields, optional ones may be absent', () => {
    expect(check(point, { x: 1 })).toEqual({ ok: true, value: { x: 1 } })
    expect(check(point, { x: 1, name: 'a' })).toEqual({ ok: true, value: { x: 1, name: 'a' } })
  })

  test('refuses missing, extra, mistyped and null-for-optional fields, naming the path', () => {
    expect(reason(point, {})).toBe('x: missing')
    expect(reason(point, { x: 1, y: 2 })).toBe('y: unexpected field')
    expect(reason(point, { x: '1' })).toMatch(/^x: expected a number, got the string "1"/)
    expect(reason(point, { x: 1, name: null })).toMatch(/^name: expected a string/)
    expect(reason(point, { x: 1, name: 'toolong' })).toBe('name: longer than 5 characters')
    expect(reason(array(point), [{ x: 1 }, { x: NaN }])).toMatch(/^\[1\]\.x: expected a number/)
    expect(reason(point, [1])).toMatch(/expected an object, got an array/)
  })

  test('does not let __proto__ or other own keys through', () => {
    expect(reason(point, JSON.parse('{"x": 1, "__proto__": {"polluted": true}}'))).toBe(
      '__proto__: unexpected field',
    )
  })
})

describe('scalars and combinators', () => {
  test('number ranges and integers, booleans, oneOf', () => {
    expect(reason(number({ min: 0, max: 11, integer: true }), 12)).toBe('(root): 12 is outside 0..11')
    expect(reason(number({ integer: true }), 1.5)).toBe('(root): expected an integer, got 1.5')
    expect(reason(number(), Infinity)).toMatch(/expected a number/)
    expect(reason(boolean, 0)).toMatch(/expected true or false/)
    expect(reason(oneOf(['a', 'b']), 'c')).toBe('(root): expected one of "a", "b"')
    expect(reason(array(number(), { max: 2 }), [1, 2, 3])).toBe('(root): more than 2 items')
  })

  test('tagged unions pick the variant by tag and check it strictly', () => {
    type Shape = { kind: 'dot'; x: number } | { kind: 'line'; from: number; to: number }
    const shape = tagged<'kind', Shape>('kind', {
      dot: object<{ kind: 'dot'; x: number }>({ kind: oneOf(['dot']), x: number() }),
      line: object<{ kind: 'line'; from: number; to: number }>({
        kind: oneOf(['line']),
        from: number(),
        to: number(),
      }),
    })
    expect(check(shape, { kind: 'line', from: 1, to: 2 }).ok).toBe(true)
    expect(reason(shape, { kind: 'dot', from: 1 })).toBe('from: unexpected field')
    expect(reason(shape, { kind: 'circle' })).toBe('kind: expected one of dot, line')
  })

  test('refine adds a cross-field check', () => {
    const range = refine(object<{ lo: number; hi: number }>({ lo: number(), hi: number() }), (r) =>
      r.lo <= r.hi ? null : 'lo above hi',
    )
    expect(check(range, { lo: 1, hi: 2 }).ok).toBe(true)
    expect(reason(range, { lo: 3, hi: 2 })).toBe('(root): lo above hi')
  })

  test('json accepts plain JSON and caps depth and size', () => {
    expect(check(json(), { a: [1, 'x', null, { b: true }] }).ok).toBe(true)
    let deep: unknown = 1
    for (let i = 0; i < 40; i++) deep = [deep]
    expect(reason(json({ maxDepth: 32 }), deep)).toMatch(/nested deeper than 32/)
    expect(
      reason(
        json({ maxNodes: 10 }),
        Array.from({ length: 20 }, () => 0),
      ),
    ).toMatch(/more than 10 values/)
    expect(reason(json(), { f: NaN })).toMatch(/f: not a finite number/)
  })

  test('json keeps a "__proto__" key as data and never swaps the prototype', () => {
    const r = check(json(), JSON.parse('{"__proto__": {"polluted": true}}'))
    expect(r.ok).toBe(true)
    const value = (r as { value: object }).value
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('labelSchema', () => {
  test('accepts real labels and NoLabel-like empties, refuses an inconsistent pattern', () => {
    const aYu = labelFromTonic(9, 'yu', 'heptatonic-qingyue')
    expect(check(labelSchema, { ...aYu }).ok).toBe(true)
    expect(
      check(labelSchema, { empty: true, system: 0, tonic: 0, pattern: 'gong', type: 'pentatonic' }).ok,
    ).toBe(true)
    expect(reason(labelSchema, { ...aYu, pattern: 'shang' })).toMatch(
      /pattern shang does not match tonic 9 in system 0/,
    )
    expect(reason(labelSchema, { ...aYu, type: 'octatonic' })).toMatch(/^type: expected one of/)
  })
})
