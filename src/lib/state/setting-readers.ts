// Readers of stored settings that were written inline in the state classes: pure, so the backup import checks a
// backup's settings with the same code the pages read them with.
import { LIMITS } from '../packs/limits.ts'
import type { AssignmentsMode } from './assignments/session.svelte.ts'

/** The remembered Assignments mode, or null when the value is not one. */
export function readAssignmentsMode(value: unknown): AssignmentsMode | null {
  return value === 'teacher' || value === 'student' ? value : null
}

/** The remembered student name, or null when the value is not one the desk writes (a string of at most 100). */
export function readStudentName(value: unknown): string | null {
  return typeof value === 'string' && value.length <= LIMITS.text.student ? value : null
}
