/** The pages in the main navigation. */
export const PAGES = ['analyze', 'practice', 'progress', 'history', 'assignments', 'settings'] as const
/** Every route: the navigation's pages, and the primer (linked from Practice and the first visit). */
export const ROUTES = [...PAGES, 'primer'] as const
export type Page = (typeof ROUTES)[number]

/** Reads a location hash (`#/practice`) as a page; anything else is the Analyze page. */
export function pageFromHash(hash: string): Page {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return (ROUTES as readonly string[]).includes(name) ? (name as Page) : 'analyze'
}

/** The current page, kept in the location hash so that reload and the back button work. */
export class Router {
  page = $state<Page>('analyze')
  readonly #win: Window

  constructor(win: Window) {
    this.#win = win
    this.page = pageFromHash(win.location.hash)
    win.addEventListener('hashchange', this.#sync)
  }

  #sync = () => {
    this.page = pageFromHash(this.#win.location.hash)
  }

  go(page: Page): void {
    this.#win.location.hash = `#/${page}`
    this.page = page
  }

  dispose(): void {
    this.#win.removeEventListener('hashchange', this.#sync)
  }
}
