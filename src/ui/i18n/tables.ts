// Every feature's message table. Add a new feature's table here and nowhere else.
export { APP_MESSAGES } from './messages-app.ts'
export { ANALYZE_MESSAGES } from './messages-analyze.ts'
export { REFERENCE_MESSAGES } from './messages-reference.ts'
export { PRACTICE_MESSAGES } from './messages-practice.ts'
export { ASSIGNMENTS_MESSAGES } from './messages-assignments.ts'
export { MODEL_MESSAGES } from './messages-model.ts'
export { SETTINGS_MESSAGES } from './messages-settings.ts'
