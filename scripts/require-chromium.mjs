// Fails fast, with the fix, when the tests have no Chromium to run in.
import { existsSync } from 'node:fs'
import { chromiumPath } from './chromium-path.mjs'

const path = chromiumPath()
if (!path || !existsSync(path)) {
  console.error(
    `Wusheng's browser and end-to-end tests need Chromium, and none was found at ${path ?? '/usr/bin/chromium'}.\n` +
      'Install it (Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium)\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  )
  process.exit(1)
}
