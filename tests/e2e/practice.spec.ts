import { expect, test } from '@playwright/test'

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
