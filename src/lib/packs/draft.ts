// A teacher's pack draft as the app stores it (an assignment record with status 'draft'), and its schema: the
// store checks every stored or imported draft with it, so a hand-made `{"evil": true}` cannot reach the editor.
import { PATTERNS, type Pattern } from '../theory/tones.ts'
import { SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import type { PitchClass } from '../theory/pitch-class.ts'
import type { Seconds, Timestamp } from '../theory/units.ts'
import { QUESTION_KINDS, type QuestionKind } from '../tutor/types.ts'
import {
  array,
  boolean,
  check,
  nullable,
  number,
  object,
  oneOf,
  optional,
  refine,
  string,
  ValidationError,
  type Schema,
} from '../archive/validate.ts'
import { LIMITS } from './limits.ts'
import { UUID } from './schema.ts'
import { validateManifest, type PackManifest } from './manifest.ts'

/** Drafts are stored as assignment records whose manifest carries this format (never a pack's). */
export const DRAFT_FORMAT = 'wusheng-draft'

/** A label as plain JSON fields. */
export interface LabelFields {
  readonly tonic: PitchClass
  readonly pattern: Pattern
  readonly type: ScaleType
}

/** What the analyzer (and the model) proposed for a clip. */
export interface Proposal {
  readonly status: 'pending' | 'running' | 'done' | 'none' | 'failed'
  readonly label?: LabelFields
  readonly confidence?: number
  /** The analyzer's no-mode reason, or the failure kind. */
  readonly reason?: string
  /** The model's raw text (model proposals only). */
  readonly raw?: string
}

/** One clip of a draft, as stored (JSON). */
export interface DraftItem {
  readonly id: string
  readonly clipId: string
  readonly name: string
  readonly duration: Seconds
  /** The teacher's label; null fields until chosen (or proposed). */
  readonly tonic: PitchClass | null
  readonly pattern: Pattern | null
  readonly type: ScaleType
  /** The teacher has checked the label (confirmed it, or picked it). */
  readonly confirmed: boolean
  readonly kind: QuestionKind
  readonly region: { readonly start: Seconds; readonly end: Seconds } | null
  readonly analyzer: Proposal
  readonly model?: Proposal
}

/** A pack being made, as stored in the draft record's manifest. */
export interface PackDraftData {
  readonly format: typeof DRAFT_FORMAT
  /** The id the exported pack will carry (a UUID); results files quote it. */
  readonly packId: string
  readonly title: string
  readonly instructions: string
  /** `yyyy-mm-dd`, or '' for none. */
  readonly due: string
  /** 0..1 */
  readonly passThreshold: number
  /** Students see right/wrong and why only after the due date (the pack's `feedback: 'after-due'`). */
  readonly feedbackAfterDue?: boolean
  readonly items: readonly DraftItem[]
  /** The last pack exported from this draft: the gradebook grades against it. */
  readonly lastExport?: { readonly manifest: PackManifest; readonly checksum: string; readonly at: Timestamp }
}

const pitchClass = number({ min: 0, max: 11, integer: true }) as Schema<PitchClass>
const seconds = number({ min: 0, max: 24 * 3600 })
const T = LIMITS.text

const proposalSchema = object<Proposal>({
  status: oneOf(['pending', 'running', 'done', 'none', 'failed']),
  label: optional(
    object<LabelFields>({ tonic: pitchClass, pattern: oneOf(PATTERNS), type: oneOf(SCALE_TYPES) }),
  ),
  confidence: optional(number({ min: 0, max: 1 })),
  reason: optional(string({ max: 2000 })),
  raw: optional(string({ max: 100_000 })),
})

const itemSchema = object<DraftItem>({
  id: string({ max: 64, pattern: /^[A-Za-z0-9_-]+$/ }),
  clipId: string({ max: 500, pattern: /\S/ }),
  name: string({ max: 500 }),
  duration: seconds,
  tonic: nullable(pitchClass),
  pattern: nullable(oneOf(PATTERNS)),
  type: oneOf(SCALE_TYPES),
  confirmed: boolean,
  kind: oneOf(QUESTION_KINDS),
  region: nullable(object<{ start: Seconds; end: Seconds }>({ start: seconds, end: seconds })),
  analyzer: proposalSchema,
  model: optional(proposalSchema),
})

/** A pack manifest inside a draft, checked by the pack reader's own rules. */
const packManifestSchema: Schema<PackManifest> = (v, path) => {
  const checked = validateManifest(v)
  if (!checked.ok)
    throw new ValidationError(
      checked.error.field ? `${path}.${checked.error.field}` : path,
      checked.error.message,
    )
  return checked.pack
}

/** The stored draft, strictly: every field the editor writes, nothing else. */
export const draftSchema: Schema<PackDraftData> = refine(
  object<PackDraftData>({
    format: oneOf([DRAFT_FORMAT]),
    packId: string({ pattern: UUID }),
    // Local work in progress: generous caps (the pack's own limits apply when it is exported).
    title: string({ max: 10 * T.title }),
    instructions: string({ max: 10 * T.instructions }),
    due: string({ max: 100 }),
    passThreshold: number({ min: 0, max: 1 }),
    feedbackAfterDue: optional(boolean),
    items: array(itemSchema, { max: 10 * LIMITS.items }),
    lastExport: optional(
      object<NonNullable<PackDraftData['lastExport']>>({
        manifest: packManifestSchema,
        checksum: string({ pattern: /^[0-9a-f]{64}$/ }),
        at: number({ min: 0 }),
      }),
    ),
  }),
  (d) => (new Set(d.items.map((i) => i.id)).size === d.items.length ? null : 'two items share an id'),
)

/** Checks a stored draft; the reason names the field at fault. */
export function validateDraft(
  json: unknown,
): { ok: true; draft: PackDraftData } | { ok: false; reason: string } {
  const r = check(draftSchema, json)
  return r.ok ? { ok: true, draft: r.value } : { ok: false, reason: r.error.message }
}
