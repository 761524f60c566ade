import { expect, test } from '@playwright/test'

test('once loaded, the app starts again with the network off (service worker) and still analyzes', async ({
  page,
  context,
}) => {
  await page.goto('/')
  // Wait until the service worker has installed and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller)
      await new Promise((r) =>
        navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }),
      )
  })
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('五声')
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/a-yu-pentatonic.wav')
  await page.getByTestId('identify').click()
  // The analyzer runs in a worker whose script must come from the cache too.
  await expect(page.getByTestId('result-label')).toHaveText('A羽五声')
})
