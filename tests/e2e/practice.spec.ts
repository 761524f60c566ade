import { expect, test, type Page } from '@playwright/test'
import type { AttemptRecord } from '../../src/lib/store/schema.ts'
import { toneOf, type Pattern } from '../../src/lib/theory/tones.ts'
import { seedAttempts } from '../browser/progress-seed.ts'

test.beforeEach(async ({ page }) => {
  await page.goto('/#/practice')
})

test('a learner answers ten questions with the keyboard, reloads, and sees the same rung progress', async ({
  page,
}) => {
  await expect(page.getByTestId('rung-name')).toContainText('五声音阶')
  await expect(page.getByTestId('rung-progress-text')).toContainText('最近 0 题答对 0 题')
  await page.getByTestId('practice-start').click()
  let right = 0
  for (let i = 0; i < 10; i++) {
    await expect(page.getByTestId('practice-prompt')).toContainText('主音是')
    // Answer at once (during playback is allowed), cycling through keys 1–5: some right, some wrong.
    await page.keyboard.press(String((i % 5) + 1))
    const verdict = page.getByTestId('verdict')
    await expect(verdict).toBeVisible()
    if ((await verdict.textContent())?.includes('答对')) right++
    await expect(page.getByTestId('truth-label')).toHaveText(/^[A-G][#b]?[宫商角徵羽]五声$/)
    await expect(page.getByTestId('why')).toContainText('宫–角')
    await expect(page.getByTestId('save-status')).toContainText(`本次共 ${i + 1} 题`)
    await expect(page.getByTestId('rung-progress-text')).toContainText(`最近 ${i + 1} 题答对 ${right} 题`)
    if (i < 9) await page.keyboard.press('Enter')
  }
  await page.reload()
  await expect(page.getByTestId('rung-progress-text')).toContainText(`最近 10 题答对 ${right} 题`)
  await expect(page.getByTestId('rung-progress')).toHaveAttribute('value', String(right))
  await expect(page.getByTestId('next-rung')).toContainText('未解锁')
})

test('free practice: tonic and pattern by clicks, feedback with evidence, replay and hint counted', async ({
  page,
}) => {
  await page.getByTestId('language').click()
  await page.getByText('Free practice', { exact: true }).click()
  await page.getByTestId('free-kind-tonic-pattern').uncheck()
  await page.getByTestId('free-start').click()
  await expect(page.getByTestId('free-problem')).toHaveText('Choose at least one question kind.')
  await page.getByTestId('free-kind-tonic-pattern').check()
  await page.getByTestId('free-start').click()
  await expect(page.getByTestId('rung-name')).toContainText('Free practice')
  await expect(page.getByTestId('practice-prompt')).toContainText('Which note is the tonic')
  await page.getByTestId('practice-stop').click()
  await page.getByTestId('practice-play').click()
  await page.getByTestId('practice-drone').click()
  await expect(page.getByTestId('practice-counts')).toHaveText('Replays 1 · hints 1')
  await expect(page.getByTestId('answer-submit')).toBeDisabled()
  await page.getByTestId('answer-tonic-9').click()
  await page.getByTestId('answer-pattern-yu').click()
  await page.getByTestId('answer-submit').click()
  await expect(page.getByTestId('verdict')).toBeVisible()
  await expect(page.getByTestId('answer-label')).toHaveText(/^A羽/)
  await expect(page.getByTestId('field-tonic')).toBeVisible()
  await expect(page.getByTestId('field-pattern')).toBeVisible()
  // The analyzer's evidence for this melody arrives and is shown beside the explanation.
  await expect(page.getByTestId('histogram')).toBeVisible()
  await expect(page.getByTestId('analyzer-label')).toContainText('The analyzer heard')
  await expect(page.getByTestId('play-mine')).toBeEnabled()
})

/** Writes attempts straight into the app's own database (which the app created on its first page). */
async function seed(page: Page, attempts: readonly AttemptRecord[]) {
  await page.evaluate(async (attempts) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('wusheng')
      req.onsuccess = () => ok(req.result)
      req.onerror = () => fail(req.error)
    })
    const tx = db.transaction('attempts', 'readwrite')
    for (const a of attempts) tx.objectStore('attempts').put(a)
    await new Promise<void>((ok, fail) => {
      tx.oncomplete = () => ok()
      tx.onerror = () => fail(tx.error)
    })
    db.close()
  }, attempts)
}

test('"practise these" on a confused pair opens focused practice on that pair, until back to the ladder', async ({
  page,
}) => {
  await page.goto('/#/progress')
  await expect(page.getByTestId('progress-empty')).toBeVisible()
  // Seed 3: 羽 heard as 商 is among this history's five weakest spots.
  await seed(page, seedAttempts(60, { end: Date.now() - 60_000, days: 6, seed: 3 }))
  await page.reload()
  const spot = page.locator('[data-spot^="confusion:"]').first()
  const [truth, answer] = (await spot.getAttribute('data-spot'))!.slice('confusion:'.length).split('>') as [
    Pattern,
    Pattern,
  ]
  const pair = [toneOf(truth).hanzi, toneOf(answer).hanzi]
  await spot.getByRole('button').click()

  await expect(page).toHaveURL(/#\/practice$/)
  await expect(page.getByTestId('focus-title')).toHaveText(`专项练习：${pair[0]}与${pair[1]}`)
  await expect(page.getByTestId('focus-patterns')).toContainText('题目的调式只会是')
  await expect(page.getByTestId('rung-name')).toContainText('自由练习')
  await page.getByTestId('practice-start').click()
  for (let i = 0; i < 6; i++) {
    await expect(page.getByTestId('practice-prompt')).toBeVisible()
    const offered = page.locator('[data-testid^="answer-pattern-"]:enabled')
    // 同宫系统 / 同主音 questions offer just the pair; the others all five tones.
    expect([2, 5]).toContain(await offered.count())
    if (i === 0) await expect(page.getByTestId('practice-stop')).toBeVisible()
    if (await page.getByTestId('answer-submit').isVisible()) await page.getByTestId('answer-tonic-0').click()
    await page.getByTestId(`answer-pattern-${truth}`).click()
    if (await page.getByTestId('answer-submit').isVisible()) await page.getByTestId('answer-submit').click()
    const label = await page.getByTestId('truth-label').textContent()
    expect(pair).toContain(/^[A-G][#b]?([宫商角徵羽])/.exec(label ?? '')?.[1])
    // Answered while the first playback played: the time counts from its start, not 0 s.
    if (i === 0) await expect(page.getByTestId('latency')).toContainText('从第一次播放开始算起')
    await expect(page.getByTestId('save-status')).toContainText(`本次共 ${i + 1} 题`)
    if (i < 5) await page.getByTestId('practice-next').click()
  }
  // A reload keeps the focus (practising keeps it fresh); back to the ladder ends it for good.
  await page.reload()
  await expect(page.getByTestId('focus-banner')).toBeVisible()
  await page.getByTestId('focus-back').click()
  await expect(page.getByTestId('focus-banner')).toHaveCount(0)
  await expect(page.getByTestId('rung-name')).toContainText('当前阶段')
  await page.reload()
  await expect(page.getByTestId('rung-name')).toContainText('当前阶段')
  await expect(page.getByTestId('focus-banner')).toHaveCount(0)
})

test('free practice narrowed to patterns by hand', async ({ page }) => {
  await page.getByText('自由练习', { exact: true }).click()
  for (const p of ['gong', 'shang', 'jue', 'zhi', 'yu']) await page.getByTestId(`free-pattern-${p}`).uncheck()
  await page.getByTestId('free-start').click()
  await expect(page.getByTestId('free-problem')).toHaveText('请至少选择一种调式。')
  await page.getByTestId('free-pattern-jue').check()
  await expect(page.getByText('只选了一种调式时')).toBeVisible()
  await page.getByTestId('free-pattern-zhi').check()
  await page.getByTestId('free-start').click()
  await expect(page.getByTestId('rung-name')).toContainText('自由练习')
  for (let i = 0; i < 4; i++) {
    await page.getByTestId('answer-tonic-0').click()
    await page.keyboard.press('3')
    await page.keyboard.press('Enter')
    const label = await page.getByTestId('truth-label').textContent()
    expect(['角', '徵']).toContain(/^[A-G][#b]?([宫商角徵羽])/.exec(label ?? '')?.[1])
    await page.keyboard.press('Enter')
  }
})
