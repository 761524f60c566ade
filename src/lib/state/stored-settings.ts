// Every setting the app keeps in the store, each with the reader the app reads it with: a backup's settings are
// checked with these before anything is written (the store layer gets the check injected, it cannot import state).
import { DEFAULT_MODEL_SETTINGS, validateSettings, type ModelSettings } from '../model/settings.ts'
import type { SettingRefusal } from '../store/backup.ts'
import { MODE_KEY } from './assignments/session.svelte.ts'
import { STUDENT_NAME_KEY } from './assignments/student-desk.svelte.ts'
import { MODEL_SETTING_KEYS, settingsFromValues } from './model/settings.ts'
import { readFocus } from './practice/focus.ts'
import { PRACTICE_SETTINGS, readTimbre, TEMPO_RANGE } from './practice/settings.ts'
import { PRACTICE_FOCUS_KEY } from './progress.svelte.ts'
import { LIMITS } from '../packs/limits.ts'
import { readAssignmentsMode, readStudentName } from './setting-readers.ts'

/** A stored value as its reader takes it, or why the reader refuses it (English, for the detail line). */
export type SettingRead =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string }

/** Reads one stored setting's value. */
export type SettingReader = (value: unknown) => SettingRead

const ok = (value: unknown): SettingRead => ({ ok: true, value })
const refused = (problem: string): SettingRead => ({ ok: false, problem })

/** A value shown in a message: JSON, cut short (a hostile backup may hold megabytes). */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 60)}…` : text
}

/** A model setting: what settingsFromValues keeps (not its default in its place), then what validateSettings allows. */
function modelReader(field: keyof ModelSettings): SettingReader {
  return (value) => {
    if (settingsFromValues({ [field]: value })[field] !== value)
      return refused(
        `expected ${field === 'protocol' ? 'a protocol' : `a ${describeType(field)}`}, not ${shown(value)}`,
      )
    const problem = validateSettings({ ...DEFAULT_MODEL_SETTINGS, [field]: value }).find(
      (p) => p.field === field,
    )
    return problem ? refused(problem.message) : ok(value)
  }
}

function describeType(field: keyof ModelSettings): string {
  if (field === 'systemPrompt') return 'non-empty text'
  const kind = typeof DEFAULT_MODEL_SETTINGS[field]
  return kind === 'string' ? 'text' : kind === 'boolean' ? 'true or false' : 'number'
}

/** The model settings a backup may hold: all but the API key, which never leaves the device. */
const MODEL_READERS = Object.fromEntries(
  (Object.entries(MODEL_SETTING_KEYS) as [keyof ModelSettings, string][])
    .filter(([field]) => field !== 'apiKey')
    .map(([field, key]) => [key, modelReader(field)]),
)

/** Each stored setting's key and reader. A key not listed here is one this version of the app never writes. */
export const STORED_SETTINGS: Readonly<Record<string, SettingReader>> = Object.freeze({
  ...MODEL_READERS,
  [PRACTICE_SETTINGS.timbre]: (v) =>
    readTimbre(v) !== null ? ok(v) : refused(`expected pluck or soft, not ${shown(v)}`),
  // The drill clamps what it reads, but writes only whole beats within the range: anything else was edited.
  [PRACTICE_SETTINGS.tempo]: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= TEMPO_RANGE.min && v <= TEMPO_RANGE.max
      ? ok(v)
      : refused(
          `expected whole beats per minute from ${TEMPO_RANGE.min} to ${TEMPO_RANGE.max}, not ${shown(v)}`,
        ),
  // Read as of its own time, so that an old (stale) focus is still checked for what it names.
  [PRACTICE_FOCUS_KEY]: (v) => {
    const at = typeof v === 'object' && v !== null && 'at' in v && typeof v.at === 'number' ? v.at : 0
    return readFocus(v, at, []) === 'invalid'
      ? refused(`expected a practice focus (patterns, types or kinds, with from and at), not ${shown(v)}`)
      : ok(v)
  },
  [MODE_KEY]: (v) =>
    readAssignmentsMode(v) !== null ? ok(v) : refused(`expected student or teacher, not ${shown(v)}`),
  [STUDENT_NAME_KEY]: (v) =>
    readStudentName(v) !== null
      ? ok(v)
      : refused(`expected a name of at most ${LIMITS.text.student} characters, not ${shown(v)}`),
})

/**
 * Checks one setting of a backup with the app's own reader: null when it is one the app reads, else why not
 * (an unknown key, or a value its reader refuses). Handed to importBackup by main.ts.
 */
export function checkStoredSetting(key: string, value: unknown): SettingRefusal | null {
  const read = Object.hasOwn(STORED_SETTINGS, key) ? STORED_SETTINGS[key] : undefined
  if (!read)
    return {
      kind: 'unknown-setting',
      message: `The backup holds the setting '${key}', which this version of Wusheng does not know.`,
    }
  const result = read(value)
  return result.ok
    ? null
    : {
        kind: 'bad-setting',
        message: `The backup's setting '${key}' cannot be read: ${result.problem.replace(/\.$/, '')}.`,
      }
}
