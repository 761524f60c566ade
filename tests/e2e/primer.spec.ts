import { expect, test } from '@playwright/test'

test('a first visit points to the primer; the primer plays its examples, in both languages', async ({
  page,
}) => {
  await page.goto('/')
  await expect(page.getByTestId('first-visit')).toBeVisible()
  await page.getByTestId('first-visit-primer').click()
  await expect(page.getByTestId('primer')).toBeVisible()
  await expect(page.getByTestId('first-visit')).toHaveCount(0)
  for (const s of ['tones', 'modes', 'third', 'tonic', 'confusions', 'extra'])
    await expect(page.getByTestId(`primer-${s}`)).toBeVisible()
  // The five modes share C 宫's notes; each has a scale and a melody to play.
  const modes = page.getByTestId('primer-modes')
  await expect(modes.getByTestId('primer-scale')).toHaveCount(5)
  await expect(modes).toContainText('A羽五声')
  await expect(page.getByTestId('primer-extra')).toContainText('F(4)')
  const melody = modes.getByTestId('primer-melody').first()
  await melody.click()
  await expect(melody).toHaveAttribute('aria-pressed', 'true')
  await melody.click()
  await expect(melody).toHaveAttribute('aria-pressed', 'false')
  await page.getByTestId('language').click()
  await expect(page.getByRole('heading', { level: 2, name: /primer/i })).toBeVisible()
  // Dismissed for good: the next visit lands without the banner.
  await page.goto('/#/analyze')
  await expect(page.getByTestId('first-visit')).toHaveCount(0)
})
