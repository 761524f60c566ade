import { expect, test } from '@playwright/test'

test.beforeEach(async ({ page }) => {
  await page.goto('/#/practice')
})

test('keys work whatever was clicked last: Enter after "play the scale of my answer" goes on', async ({
  page,
}) => {
  await page.getByTestId('practice-start').click()
  await expect(page.getByTestId('practice-prompt')).toBeVisible()
  await page.keyboard.press('1')
  await expect(page.getByTestId('verdict')).toBeVisible()
  const firstId = await page.getByTestId('practice-prompt').textContent()
  // The trap: the mouse leaves focus on a feedback button; Enter must still mean "next".
  await page.getByTestId('play-mine').click()
  await expect(page.getByTestId('play-mine')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('verdict')).toHaveCount(0)
  await expect(page.getByTestId('practice-prompt')).toBeVisible()
  // Keys 1–5 answer even though the last click was elsewhere.
  await page.getByTestId('practice-drone').click()
  await page.getByTestId('practice-drone').click()
  await expect(page.getByTestId('practice-drone')).toHaveAttribute('aria-pressed', 'false')
  await page.keyboard.press('2')
  await expect(page.getByTestId('verdict')).toBeVisible()
  // Space replays (not a second press of the clicked button), and T turns the drone on the true tonic.
  await page.getByTestId('play-truth').click()
  await page.keyboard.press(' ')
  await expect(page.getByTestId('verdict')).toBeVisible()
  await page.keyboard.press('t')
  await expect(page.getByTestId('practice-drone')).toHaveAttribute('aria-pressed', 'true')
  await page.keyboard.press('t')
  await expect(page.getByTestId('practice-drone')).toHaveAttribute('aria-pressed', 'false')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('verdict')).toHaveCount(0)
  expect(firstId).not.toBeNull()
})

test('a control reached with Tab keeps Enter for itself', async ({ page }) => {
  await page.getByTestId('practice-start').click()
  await page.keyboard.press('3')
  await expect(page.getByTestId('verdict')).toBeVisible()
  // Focus is on Next; Shift+Tab back to "play the scale of my answer" and press Enter: it plays, no new question.
  await page.getByTestId('play-mine').focus()
  await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('play-mine')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('verdict')).toBeVisible()
})
