// The colour theme: the system's preference, or the learner's choice kept on this device.

export type ThemeChoice = 'system' | 'light' | 'dark'
export const THEME_KEY = 'wusheng.theme'
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark']

/** Reads a saved choice; anything unknown (or blocked storage) is 'system'. */
export function readTheme(storage: Pick<Storage, 'getItem'> | null): ThemeChoice {
  try {
    const v = storage?.getItem(THEME_KEY)
    return v === 'light' || v === 'dark' ? v : 'system'
  } catch {
    return 'system'
  }
}

/** Puts a choice on the page: `data-theme` on <html> (app.css reads it); 'system' removes it. */
export function applyTheme(root: HTMLElement, choice: ThemeChoice): void {
  if (choice === 'system') delete root.dataset.theme
  else root.dataset.theme = choice
}

/** The choice after this one, for a single toggle button. */
export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return THEME_CHOICES[(THEME_CHOICES.indexOf(choice) + 1) % THEME_CHOICES.length]
}
