import { expect, test } from 'vitest'
import { watchPresence } from './presence.ts'

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 10))
}

test('two watchers of one topic see each other; a stopped one is gone at once, another topic is not counted', async () => {
  let a = -1
  let b = -1
  let other = -1
  const stopA = watchPresence('practice-test', (n) => (a = n), { every: 50 })
  const stopOther = watchPresence('elsewhere-test', (n) => (other = n), { every: 50 })
  const stopB = watchPresence('practice-test', (n) => (b = n), { every: 50 })
  await until(() => a === 1 && b === 1)
  expect([a, b, other]).toEqual([1, 1, 0])
  stopB()
  await until(() => a === 0)
  expect(a).toBe(0)
  stopA()
  stopOther()
})
