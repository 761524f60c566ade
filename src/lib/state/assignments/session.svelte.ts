import type { AssignmentsDeps } from './deps.ts'
import { GradebookDesk } from './gradebook.svelte.ts'
import { PackEditor } from './pack-editor.svelte.ts'
import { StudentDesk } from './student-desk.svelte.ts'
import { readAssignmentsMode } from '../setting-readers.ts'

/** The setting that remembers whether the page opens as the student's or the teacher's. */
export const MODE_KEY = 'assignments.mode'
export type AssignmentsMode = 'student' | 'teacher'

/** The Assignments page: the remembered student/teacher mode and the three desks. */
export class AssignmentsSession {
  mode = $state<AssignmentsMode>('student')
  ready = $state(false)
  readonly editor: PackEditor
  readonly student: StudentDesk
  readonly gradebook: GradebookDesk
  readonly #deps: AssignmentsDeps

  constructor(deps: AssignmentsDeps) {
    this.#deps = deps
    this.editor = new PackEditor(deps)
    this.student = new StudentDesk(deps)
    this.gradebook = new GradebookDesk(deps)
  }

  async load(): Promise<void> {
    try {
      const mode = readAssignmentsMode(await this.#deps.store.getSetting(MODE_KEY))
      if (mode) this.mode = mode
    } catch {
      // The default mode is fine; the desks below report store failures themselves.
    }
    await Promise.all([this.editor.load(), this.student.load(), this.gradebook.load()])
    this.ready = true
  }

  async setMode(mode: AssignmentsMode): Promise<void> {
    this.mode = mode
    await this.#deps.store.setSetting(MODE_KEY, mode).catch(() => {})
    await Promise.all([this.student.load(), this.gradebook.load()])
  }
}
