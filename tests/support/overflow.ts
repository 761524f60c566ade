// What sticks out of a page at phone size, for the end-to-end layout checks.
import type { Page } from '@playwright/test'

/** What sticks out: the page wider than the screen, and boxes that scroll sideways. */
export async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const root = document.documentElement
    if (root.scrollWidth > window.innerWidth) out.push(`page ${root.scrollWidth}px > ${window.innerWidth}px`)
    for (const el of document.querySelectorAll<HTMLElement>('main *')) {
      const x = getComputedStyle(el).overflowX
      if ((x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1 && el.clientHeight > 0)
        out.push(
          `${el.tagName.toLowerCase()}.${el.className} scrolls sideways (${el.scrollWidth}/${el.clientWidth})`,
        )
    }
    return out
  })
}
