import type { AnalysisResult } from '../analysis/types.ts'
import { renderMelody } from '../analysis/synth/render.ts'
import type { RenderNote } from '../analysis/synth/voices.ts'
import { scaleNotes, type Timbre } from '../audio/player.ts'
import type { Store } from '../store/store.ts'
import {
  fromStoredCard,
  toStoredCard,
  type CardRecord,
  type ClipRecord,
  type JsonValue,
} from '../store/schema.ts'
import type { Label } from '../theory/label.ts'
import type { PitchClass } from '../theory/pitch-class.ts'
import { SCALE_TYPES, type ScaleType } from '../theory/scale-types.ts'
import { PATTERNS, type Pattern } from '../theory/tones.ts'
import type { Timestamp } from '../theory/units.ts'
import { ASKED_FIELDS, explain, grade, type Why } from '../tutor/grading.ts'
import {
  FREE_RUNG_ID,
  LADDER,
  currentRung,
  freePracticeRung,
  ladderMastery,
  rungById,
  type Rung,
  type RungMastery,
  type RungSource,
} from '../tutor/ladder.ts'
import type { ClipRef } from '../tutor/questions.ts'
import {
  applyAttempt,
  fromFsrs,
  pickNext,
  toFsrs,
  worstConfusions,
  type ReviewCard,
} from '../tutor/scheduler.ts'
import {
  QUESTION_KINDS,
  type Answer,
  type Attempt,
  type Question,
  type QuestionKind,
} from '../tutor/types.ts'
import { toUiError, type UiError } from './ui-error.ts'
import { PRACTICE_FOCUS_KEY, type PracticeFocus } from './progress.svelte.ts'
import {
  clipMissing,
  playQuestionSound,
  playerTimbre,
  questionMelody,
  toPlayerNotes,
  type QuestionAudio,
} from './question-sound.ts'

export { playerTimbre, questionMelody, toPlayerNotes }

/** What the drill needs from the audio layer (ReferencePlayer + a clip player in the app; fakes in tests). */
/** The audio the drill needs: a question's sound, plus a drone for hints. */
export interface PracticeAudio extends QuestionAudio {
  startDrone(pitchClass: PitchClass): Promise<void>
  stopDrone(): void
}

/** The part of the store the drill uses. */
export type PracticeStore = Pick<
  Store,
  | 'addAttempt'
  | 'recordAttempt'
  | 'listAttempts'
  | 'listCards'
  | 'putCard'
  | 'listClips'
  | 'getClip'
  | 'getSetting'
  | 'setSetting'
  | 'deleteSetting'
>

/** Mono samples for the analyzer. */
export interface Samples {
  readonly samples: Float32Array
  readonly sampleRate: number
}

export interface PracticeDeps {
  /** Null when the store could not be opened: the drill works, nothing is saved. */
  readonly store: PracticeStore | null
  readonly audio: PracticeAudio
  /** Runs the offline analyzer (in a worker in the app). */
  identify(samples: Float32Array, sampleRate: number, opts: { signal?: AbortSignal }): Promise<AnalysisResult>
  /** Decodes a stored clip for the analyzer. */
  decode(blob: Blob, name: string): Promise<Samples>
  /** Renders a generated sound to samples for the analyzer (default: the pure synth renderer). */
  render?(sound: RenderableSound): Samples
  readonly now: () => Timestamp
  readonly random: () => number
}

/** A sound the drill generated (a melody or a scale), as notes in beats. */
export interface RenderableSound {
  readonly notes: readonly RenderNote[]
  readonly tempo: number
  readonly seed: number
}

/** Settings keys the drill keeps. */
export const PRACTICE_SETTINGS = { timbre: 'practice.timbre', tempo: 'practice.tempo' } as const

/** What free practice asks: the learner's choice of types, kinds and source, and optionally of patterns. */
export interface FreeOptions {
  readonly types: readonly ScaleType[]
  readonly kinds: readonly QuestionKind[]
  readonly source: RungSource
  /** Ask only about these patterns (all five when absent). */
  readonly patterns?: readonly Pattern[]
}

/** Why free practice cannot start with some options. */
export type FreeProblem = 'noKinds' | 'noTypes' | 'noPatterns' | 'noClips' | 'noPatternClips'

/** A "practise these" focus from the Progress page, as the drill applies it. */
export interface ActiveFocus {
  /** The weak spot it came from, e.g. `confusion:yu>shang`, `pattern:yu`, `type:heptatonic-yanyue`. */
  readonly from: string
  /** The free practice it runs (patterns filled in, types and kinds defaulted when the spot did not give them). */
  readonly options: FreeOptions
  /** A pattern added to a single-pattern spot: the one the learner most often confuses it with. */
  readonly partner?: Pattern
}

/** How long a saved focus stays good without practice (answering in focus mode keeps it fresh). */
export const FOCUS_MAX_AGE_MS = 10 * 60_000

/** The kinds that test a pattern: a pattern focus without kinds asks all of them. */
const PATTERN_KINDS: readonly QuestionKind[] = ['pattern', 'tonic-pattern', 'same-system', 'same-tonic']

/**
 * Reads a saved focus into the free practice it asks for, or says why not: 'stale' when it was set more than
 * {@link FOCUS_MAX_AGE_MS} ago, 'invalid' when it names nothing this drill knows. A single-pattern focus gets the
 * pattern the learner most often confuses it with (from `attempts`), so its questions are not all answered alike;
 * missing types are those the learner met on the focus's questions.
 */
export function readFocus(
  value: unknown,
  now: Timestamp,
  attempts: readonly Attempt[],
): ActiveFocus | 'stale' | 'invalid' {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'invalid'
  const f = value as Partial<Record<keyof PracticeFocus, unknown>>
  if (typeof f.at !== 'number' || typeof f.from !== 'string') return 'invalid'
  if (now - f.at > FOCUS_MAX_AGE_MS || f.at - now > 60_000) return 'stale'
  const only = <T extends string>(list: unknown, known: readonly T[]): T[] | null => {
    if (list === undefined) return []
    if (!Array.isArray(list) || !list.every((x) => known.includes(x as T))) return null
    return known.filter((k) => list.includes(k))
  }
  const patterns = only(f.patterns, PATTERNS)
  const types = only(f.types, SCALE_TYPES)
  const kinds = only(f.kinds, QUESTION_KINDS)
  if (!patterns || !types || !kinds) return 'invalid'
  if (patterns.length + types.length + kinds.length === 0) return 'invalid'

  let partner: Pattern | undefined
  if (patterns.length === 1) {
    const p = patterns[0]
    const c = worstConfusions(attempts, attempts.length).find((x) => x.truth === p || x.answered === p)
    if (c) partner = c.truth === p ? c.answered : c.truth
  }
  const focusKinds =
    kinds.length > 0 ? kinds : patterns.length > 0 ? [...PATTERN_KINDS] : ['tonic-pattern' as const]
  const focusPatterns = partner ? PATTERNS.filter((p) => p === partner || patterns.includes(p)) : patterns
  return {
    from: f.from,
    ...(partner ? { partner } : {}),
    options: {
      types: types.length > 0 ? types : typesMet(attempts, focusPatterns, focusKinds),
      kinds: focusKinds,
      source: 'melody',
      ...(focusPatterns.length > 0 ? { patterns: focusPatterns } : {}),
    },
  }
}

/**
 * The scale types of the learner's questions on these patterns and kinds (a `type` question's choices too, so a
 * type drill has something to choose between); pentatonic when there are none.
 */
function typesMet(
  attempts: readonly Attempt[],
  patterns: readonly Pattern[],
  kinds: readonly QuestionKind[],
): ScaleType[] {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throw-away value, never rendered
  const met = new Set<ScaleType>()
  for (const a of attempts) {
    const q = a.question
    if (!kinds.includes(q.kind) || (patterns.length > 0 && !patterns.includes(q.label.pattern))) continue
    met.add(q.label.type)
    for (const t of q.typeChoices ?? []) met.add(t)
  }
  const types = SCALE_TYPES.filter((t) => met.has(t))
  return types.length > 0 ? types : ['pentatonic']
}

export const TEMPO_RANGE = { min: 50, max: 200 } as const
const ANALYSIS_RATE = 16000

/** The renderable notes of a reference scale as the drill plays it (up and down from the tonic, one per beat). */
export function scaleSound(label: Label, tempo: number): RenderableSound {
  const notes = scaleNotes(label, 'updown', 4)
  return {
    tempo,
    seed: 1,
    notes: notes.map((n, i) => ({
      midi: n.midi,
      start: i,
      duration: i === notes.length - 1 ? 2 : 0.9,
      velocity: 0.8,
    })),
  }
}

function defaultRender(sound: RenderableSound): Samples {
  const samples = renderMelody(sound, ANALYSIS_RATE, { seed: sound.seed })
  return { samples, sampleRate: ANALYSIS_RATE }
}

/** A tutor review card as the store keeps it (snake_case FSRS fields, one record per card key). */
export function cardToRecord(c: ReviewCard, now: Timestamp): CardRecord {
  return { id: c.id, key: c.id, updatedAt: now, card: toStoredCard(toFsrs(c)) }
}

/** A stored card back as a tutor review card. */
export function recordToCard(r: CardRecord): ReviewCard {
  return fromFsrs(r.key, fromStoredCard(r.card))
}

/**
 * The drone hint's pitch, chosen so that it helps without giving the answer away:
 * - `pattern` and `same-tonic`: the tonic, which the question already gives (a 宫 drone would name the pattern);
 * - `tonic-pattern`, `same-system`, `type`: 宫 of the system, so the learner hears the collection's home and the
 *   宫–角 third against it, yet still has to find which tone the melody rests on (or which extra tones it uses).
 */
export function dronePitch(q: Question): PitchClass {
  return q.kind === 'pattern' || q.kind === 'same-tonic' ? q.label.tonic : q.label.system
}

/** The fields a question asks, in the order the answer pad shows them. */
export function askedFields(q: Question): readonly ('tonic' | 'pattern' | 'type')[] {
  return ASKED_FIELDS[q.kind]
}

/** True when one press (a pattern, a choice, a type) is the whole answer. */
export function answersInOnePress(q: Question): boolean {
  return q.kind !== 'tonic-pattern'
}

type Phase = 'loading' | 'ready' | 'question' | 'answered'
type Status = 'idle' | 'running' | 'done' | 'failed'

/**
 * The Practice page's state: the learner's place on the ladder (or free practice), the current question, its
 * playback, replays and hints, the answer, feedback with the analyzer's evidence, and saving every attempt with its
 * FSRS cards. Without a store everything works in memory and `persistent` is false.
 */
export class PracticeSession {
  phase = $state<Phase>('loading')
  /** Every attempt the learner has made (from the store, then this session's). */
  attempts = $state.raw<readonly Attempt[]>([])
  cards = $state.raw<readonly ReviewCard[]>([])
  clips = $state.raw<readonly ClipRef[]>([])
  /** The rung chosen by the learner, or null to follow the current rung as it advances. */
  chosenRung = $state<string | null>(null)
  /** Free practice settings when free practice is on. */
  free = $state.raw<FreeOptions | null>(null)
  /** The "practise these" focus free practice follows, until the learner leaves it. */
  focus = $state.raw<ActiveFocus | null>(null)
  /** Set when a saved focus could not be read (it is dropped; the ladder goes on). */
  focusProblem = $state<'invalid' | null>(null)
  timbre = $state<Timbre>('pluck')
  tempo = $state(84)

  question = $state.raw<Question | null>(null)
  /** The answer being put together (for multi-field questions). */
  draft = $state.raw<Answer>({})
  attempt = $state.raw<Attempt | null>(null)
  playing = $state(false)
  /** How many times the question was played (the first play is not a replay). */
  plays = $state(0)
  replays = $state(0)
  hints = $state(0)
  drone = $state(false)
  /** The pitch class the drone sounds while it is on. */
  dronePitch = $state<PitchClass | null>(null)
  /** When the first playback of the question started: latency counts from here if answered during it. */
  firstStartAt = $state<Timestamp | null>(null)
  /** Set when the first playback of the question ended: latency counts from here if answered after it. */
  firstEndAt = $state<Timestamp | null>(null)
  /** What the last answer's latency was counted from (for the feedback line). */
  latencyFrom = $state<'start' | 'end' | 'shown' | null>(null)

  analysisStatus = $state<Status>('idle')
  analysis = $state.raw<AnalysisResult | null>(null)
  analysisError = $state<UiError | null>(null)

  saving = $state(false)
  saveError = $state<UiError | null>(null)
  /** Attempts saved in this session. */
  saved = $state(0)
  /** A problem playing or picking a question (no clips, undecodable clip, audio blocked). */
  error = $state<UiError | null>(null)
  /** The rung the last answer newly mastered, for a celebration line. */
  celebrate = $state<string | null>(null)

  readonly persistent: boolean
  readonly mastery: RungMastery[] = $derived(ladderMastery(this.attempts))
  readonly current: Rung = $derived(currentRung(this.mastery))
  /** The rung questions come from. */
  readonly rung: Rung = $derived(
    this.free
      ? freePracticeRung(this.free)
      : ((this.chosenRung !== null ? rungById(this.chosenRung) : undefined) ?? this.current),
  )
  readonly why: Why | null = $derived(
    this.question && this.attempt
      ? explain(this.question, this.attempt.answer, this.analysis?.ok ? this.analysis.evidence : undefined)
      : null,
  )

  readonly #deps: PracticeDeps
  #abort: AbortController | null = null
  #writes: Promise<void> = Promise.resolve()
  // Private bookkeeping, never rendered: plain collections on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #clipBlobs = new Map<string, Blob>()
  #token = 0
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #savedIds = new Set<string>()
  #pending = 0
  #shownAt: Timestamp = 0
  #focusRaw: PracticeFocus | null = null

  constructor(deps: PracticeDeps) {
    this.#deps = deps
    this.persistent = deps.store !== null
  }

  /** Reads the learner's attempts, cards, labelled clips and drill settings. Failures leave an empty start. */
  async load(): Promise<void> {
    const store = this.#deps.store
    if (store) {
      try {
        const [attempts, cards, clips, timbre, tempo, focus] = await Promise.all([
          store.listAttempts({ order: 'oldest' }),
          store.listCards(),
          store.listClips(),
          store.getSetting(PRACTICE_SETTINGS.timbre),
          store.getSetting(PRACTICE_SETTINGS.tempo),
          store.getSetting(PRACTICE_FOCUS_KEY),
        ])
        this.attempts = attempts
        this.cards = cards.map(recordToCard)
        this.clips = clips.filter(hasLabel).map((c) => ({ clipId: c.id, label: c.label }))
        if (timbre === 'pluck' || timbre === 'soft') this.timbre = timbre
        if (typeof tempo === 'number') this.tempo = clampTempo(tempo)
        if (focus !== undefined && focus !== null) this.#applyFocus(focus)
      } catch (e) {
        this.error = toUiError(e, 'store')
      }
    }
    this.phase = 'ready'
  }

  /** Practise a rung of the ladder (an unlocked one), or follow the current rung with null. */
  chooseRung(id: string | null): void {
    if (id !== null) {
      const i = LADDER.findIndex((r) => r.id === id)
      if (i < 0 || !this.mastery[i]?.unlocked) return
    }
    this.free = null
    this.chosenRung = id
    this.leaveFocus()
    this.#reset()
  }

  /**
   * Switches to free practice with these choices (leaving a focus); returns an error key when they cannot make a
   * question.
   */
  startFree(opts: FreeOptions): FreeProblem | null {
    if (opts.kinds.length === 0) return 'noKinds'
    if (opts.types.length === 0) return 'noTypes'
    if (opts.patterns && opts.patterns.length === 0) return 'noPatterns'
    if (opts.source === 'clip') {
      if (this.clips.length === 0) return 'noClips'
      const ps = opts.patterns
      if (ps && !this.clips.some((c) => ps.includes(c.label.pattern))) return 'noPatternClips'
    }
    this.leaveFocus()
    this.#startFree(opts)
    return null
  }

  /** Leaves focus mode: the focus is forgotten here and in the store (free practice itself goes on). */
  leaveFocus(): void {
    if (!this.focus && !this.#focusRaw) return
    this.focus = null
    this.#focusRaw = null
    this.#deleteSetting(PRACTICE_FOCUS_KEY)
  }

  setTimbre(t: Timbre): void {
    this.timbre = t
    this.#saveSetting(PRACTICE_SETTINGS.timbre, t)
  }

  setTempo(bpm: number): void {
    if (!Number.isFinite(bpm)) return
    this.tempo = clampTempo(bpm)
    this.#saveSetting(PRACTICE_SETTINGS.tempo, this.tempo)
  }

  /** Picks the next question (pickNext: due reviews, worst confusions, new material) and plays it. */
  async next(): Promise<void> {
    this.#stopSound()
    this.error = null
    this.celebrate = null
    let q: Question
    try {
      const picked = pickNext(
        {
          rung: this.rung,
          attempts: this.attempts,
          cards: this.cards,
          clips: this.clips,
          ...(this.free?.patterns ? { patterns: this.free.patterns } : {}),
        },
        this.#deps.random,
        this.#deps.now(),
      )
      q = this.#withSound(picked)
    } catch (e) {
      // A clip rung without labelled clips is the only expected case.
      this.error = toUiError(e, this.rung.source === 'clip' ? 'noClips' : 'unknown')
      this.question = null
      this.phase = 'ready'
      return
    }
    this.question = q
    this.draft = {}
    this.attempt = null
    this.plays = 0
    this.replays = 0
    this.hints = 0
    this.firstStartAt = null
    this.firstEndAt = null
    this.latencyFrom = null
    this.#shownAt = this.#deps.now()
    this.phase = 'question'
    this.#analyse(q)
    await this.play()
  }

  /** Plays the question (again: a counted replay). Answering is allowed while it plays. */
  async play(): Promise<void> {
    const q = this.question
    if (!q) return
    const token = ++this.#token
    const first = this.plays === 0
    this.plays++
    if (!first && this.phase === 'question') this.replays++
    this.error = null
    try {
      await this.#deps.audio.ensureAudio()
      this.#deps.audio.stop()
      this.playing = true
      if (first && this.question === q && this.firstStartAt === null) this.firstStartAt = this.#deps.now()
      await this.#playSound(q)
      if (first && this.question === q && this.firstEndAt === null) this.firstEndAt = this.#deps.now()
    } catch (e) {
      if (this.question === q) this.error = toUiError(e, 'audio')
    } finally {
      if (token === this.#token) this.playing = false
    }
  }

  /** Stops the question's sound. */
  stop(): void {
    this.#token++
    this.#deps.audio.stop()
    this.playing = false
  }

  /** Turns the drone hint on (counted) or off. See {@link dronePitch} for what it sounds. */
  async toggleDrone(): Promise<void> {
    const q = this.question
    if (!q) return
    if (this.drone) {
      this.#deps.audio.stopDrone()
      this.drone = false
      return
    }
    if (this.phase === 'question') this.hints++
    // Once answered, nothing is given away: the drone sounds the true tonic.
    const pitch = this.phase === 'answered' ? q.label.tonic : dronePitch(q)
    try {
      await this.#deps.audio.ensureAudio()
      await this.#deps.audio.startDrone(pitch)
      this.dronePitch = pitch
      this.drone = true
    } catch (e) {
      this.error = toUiError(e, 'audio')
    }
  }

  choosePattern(p: Pattern): void {
    const q = this.question
    if (!q || this.phase !== 'question') return
    if (q.kind === 'same-system') {
      const choice = q.choices?.find((c) => c.pattern === p)
      if (choice) this.answer({ tonic: choice.tonic, pattern: choice.pattern })
      return
    }
    if (q.kind === 'type') return
    if (q.kind === 'same-tonic' && q.choices && !q.choices.some((c) => c.pattern === p)) return
    this.draft = { ...this.draft, pattern: p }
    if (answersInOnePress(q)) this.answer({ pattern: p })
  }

  chooseTonic(pc: PitchClass): void {
    if (this.question?.kind !== 'tonic-pattern' || this.phase !== 'question') return
    this.draft = { ...this.draft, tonic: pc }
  }

  chooseType(t: ScaleType): void {
    const q = this.question
    if (q?.kind !== 'type' || this.phase !== 'question') return
    this.answer({ type: t })
  }

  /** True when the draft holds every field the question asks. */
  get complete(): boolean {
    const q = this.question
    return !!q && askedFields(q).every((f) => this.draft[f] !== undefined)
  }

  /** Submits the draft (multi-field questions). */
  submit(): void {
    if (this.complete) this.answer(this.draft)
  }

  /**
   * Grades an answer, records the attempt, updates the FSRS cards, and saves both; the analyzer's label is added to
   * the stored attempt when it is known. Latency counts from the end of the first playback, or from its start when
   * the answer came during it (so a quick answer is a real time, not 0 ms), or from when the question appeared if
   * its sound never started.
   */
  answer(answer: Answer): void {
    const q = this.question
    if (!q || this.phase !== 'question') return
    const at = this.#deps.now()
    const { correct, fields } = grade(q, answer)
    const from = this.firstEndAt ?? this.firstStartAt ?? this.#shownAt
    this.latencyFrom = this.firstEndAt !== null ? 'end' : this.firstStartAt !== null ? 'start' : 'shown'
    const attempt: Attempt = {
      id: `att-${q.id}`,
      question: q,
      answer,
      correct,
      fields,
      latency: Math.max(0, Math.round(at - from)),
      replays: this.replays,
      hints: this.hints,
      at,
      ...(this.analysis?.ok ? { analyzerLabel: this.analysis.label } : {}),
    }
    const before = this.#everMastered(q.rung)
    const touched = applyAttempt(this.cards, attempt)
    const touchedIds = touched.map((c) => c.id)
    this.cards = [...this.cards.filter((c) => !touchedIds.includes(c.id)), ...touched]
    this.attempts = [...this.attempts, attempt]
    this.attempt = attempt
    this.draft = answer
    this.phase = 'answered'
    if (q.rung && !before && this.#everMastered(q.rung)) this.celebrate = q.rung
    this.#save(attempt, touched)
    // Practising in focus mode keeps the focus fresh: a reload goes on with it.
    if (this.#focusRaw && this.focus) {
      this.#focusRaw = { ...this.#focusRaw, at }
      this.#saveSetting(PRACTICE_FOCUS_KEY, this.#focusRaw as unknown as JsonValue)
    }
  }

  /**
   * Handles a key press; true when it was used (so the page prevents its default). Keys 1–9 answer, Enter submits
   * or goes on, Space or R replays the question, T turns the drone on the tonic (on 宫 while the question would
   * give the answer away) on and off — whatever was clicked last.
   */
  key(k: string): boolean {
    const q = this.question
    if (k === ' ' || k === 'r' || k === 'R') {
      if (!q || (this.phase !== 'question' && this.phase !== 'answered')) return false
      void this.play()
      return true
    }
    if (k === 't' || k === 'T') {
      if (!q || (this.phase !== 'question' && this.phase !== 'answered')) return false
      void this.toggleDrone()
      return true
    }
    if (k === 'Enter') {
      if (this.phase === 'answered' || (this.phase === 'ready' && !q)) {
        void this.next()
        return true
      }
      if (this.phase === 'question' && !answersInOnePress(q!) && this.complete) {
        this.submit()
        return true
      }
      return false
    }
    if (!q || this.phase !== 'question' || !/^[1-9]$/.test(k)) return false
    const n = Number(k) - 1
    if (q.kind === 'type') {
      const t = q.typeChoices?.[n]
      if (t) this.chooseType(t)
      return t !== undefined
    }
    const p = PATTERNS[n]
    if (!p) return false
    this.choosePattern(p)
    return true
  }

  /** Plays a mode's scale (feedback: "the scale of my answer" / "of the right answer"). */
  async playScaleOf(label: Label): Promise<void> {
    if (label.empty) return
    this.#token++
    this.error = null
    try {
      await this.#deps.audio.ensureAudio()
      this.#deps.audio.stop()
      this.playing = false
      await this.#deps.audio.playScale(label, { direction: 'updown', tempo: this.tempo })
    } catch (e) {
      this.error = toUiError(e, 'audio')
    }
  }

  /** Resolves when every pending save has finished (tests, and leaving the page). */
  flush(): Promise<void> {
    return this.#writes
  }

  dispose(): void {
    this.#stopSound()
  }

  #startFree(opts: FreeOptions): void {
    this.free = {
      types: [...opts.types],
      kinds: [...opts.kinds],
      source: opts.source,
      ...(opts.patterns && opts.patterns.length < PATTERNS.length ? { patterns: [...opts.patterns] } : {}),
    }
    this.#reset()
  }

  /** Starts the free practice a saved focus asks for, or drops a focus that is stale or unreadable. */
  #applyFocus(value: JsonValue): void {
    const focus = readFocus(value, this.#deps.now(), this.attempts)
    if (focus === 'stale' || focus === 'invalid') {
      if (focus === 'invalid') this.focusProblem = 'invalid'
      this.#deleteSetting(PRACTICE_FOCUS_KEY)
      return
    }
    this.focus = focus
    this.#focusRaw = value as unknown as PracticeFocus
    this.chosenRung = null
    this.#startFree(focus.options)
  }

  #reset(): void {
    this.#stopSound()
    this.question = null
    this.attempt = null
    this.draft = {}
    this.celebrate = null
    this.error = null
    this.phase = 'ready'
  }

  #stopSound(): void {
    this.#abort?.abort()
    this.#abort = null
    this.#token++
    this.#deps.audio.stop()
    if (this.drone) this.#deps.audio.stopDrone()
    this.drone = false
    this.playing = false
  }

  #everMastered(rungId: string | undefined): boolean {
    if (!rungId || rungId === FREE_RUNG_ID) return false
    const i = LADDER.findIndex((r) => r.id === rungId)
    return i >= 0 && (this.mastery[i]?.everMastered ?? false)
  }

  /** The learner's timbre and tempo on a generated sound (a clip keeps its own). */
  #withSound(q: Question): Question {
    const s = q.source
    if (s.kind === 'clip') return q
    return Object.freeze({ ...q, source: { ...s, timbre: this.timbre, tempo: this.tempo } })
  }

  async #playSound(q: Question): Promise<void> {
    await playQuestionSound(this.#deps.audio, q, (id) => this.#clipBlob(id))
  }

  async #clipBlob(id: string): Promise<Blob> {
    const cached = this.#clipBlobs.get(id)
    if (cached) return cached
    const clip = await this.#deps.store?.getClip(id)
    if (!clip) throw clipMissing(id)
    this.#clipBlobs.set(id, clip.blob)
    return clip.blob
  }

  /** Runs the analyzer on the question's sound in the background, for the feedback's evidence. */
  #analyse(q: Question): void {
    const abort = new AbortController()
    this.#abort = abort
    this.analysis = null
    this.analysisError = null
    this.analysisStatus = 'running'
    const run = async () => {
      const { samples, sampleRate } = await this.#samplesOf(q)
      return this.#deps.identify(samples, sampleRate, { signal: abort.signal })
    }
    run().then(
      (result) => {
        if (abort.signal.aborted || this.question !== q) return
        this.analysis = result
        this.analysisStatus = 'done'
        // Answered before the analyzer finished: store its label with the attempt now.
        const a = this.attempt
        if (a && a.question === q && result.ok && !a.analyzerLabel) {
          const updated = { ...a, analyzerLabel: result.label }
          this.attempt = updated
          this.attempts = this.attempts.map((x) => (x.id === a.id ? updated : x))
          this.#save(updated, [])
        }
      },
      (e: unknown) => {
        if (abort.signal.aborted || this.question !== q) return
        this.analysisStatus = 'failed'
        this.analysisError = toUiError(e, 'analyzer')
      },
    )
  }

  async #samplesOf(q: Question): Promise<Samples> {
    // Yield first so the question's playback starts before the (synchronous) rendering.
    await new Promise((r) => setTimeout(r, 0))
    const render = this.#deps.render ?? defaultRender
    const s = q.source
    if (s.kind === 'melody') {
      const m = questionMelody(q)!
      return render({ notes: m.notes, tempo: m.tempo, seed: s.seed })
    }
    if (s.kind === 'scale') return render(scaleSound(q.label, s.tempo))
    return this.#deps.decode(await this.#clipBlob(s.clipId), s.clipId)
  }

  /** Queues a write: attempts and cards are saved in order, and a failure is shown without losing what is in memory. */
  #save(attempt: Attempt, cards: readonly ReviewCard[]): void {
    const store = this.#deps.store
    if (!store) return
    this.#pending++
    this.saving = true
    this.#writes = this.#writes.then(async () => {
      try {
        // The cards are re-derived from what is stored, inside the store's transaction: another tab may have
        // reviewed them since this one loaded, and its reviews must not be overwritten by this tab's copy.
        // (An attempt saved again with the analyzer's label, `cards` empty, reviews nothing a second time.)
        const written =
          cards.length === 0
            ? (await store.addAttempt(attempt), [])
            : await store.recordAttempt(attempt, (stored) =>
                applyAttempt(stored.map(recordToCard), attempt).map((c) => cardToRecord(c, attempt.at)),
              )
        const fresh = written.map(recordToCard)
        const ids = [...cards, ...fresh].map((c) => c.id)
        this.cards = [...this.cards.filter((c) => !ids.includes(c.id)), ...fresh]
        this.#savedIds.add(attempt.id)
        this.saved = this.#savedIds.size
        this.saveError = null
      } catch (e) {
        this.saveError = toUiError(e, 'store')
      } finally {
        this.saving = --this.#pending > 0
      }
    })
  }

  #deleteSetting(key: string): void {
    const store = this.#deps.store
    if (!store) return
    this.#writes = this.#writes.then(async () => {
      try {
        await store.deleteSetting(key)
      } catch (e) {
        this.saveError = toUiError(e, 'store')
      }
    })
  }

  #saveSetting(key: string, value: JsonValue): void {
    const store = this.#deps.store
    if (!store) return
    this.#writes = this.#writes.then(async () => {
      try {
        await store.setSetting(key, value)
      } catch (e) {
        this.saveError = toUiError(e, 'store')
      }
    })
  }
}

function hasLabel(c: ClipRecord): c is ClipRecord & { label: Label } {
  return c.label !== undefined && !c.label.empty
}

function clampTempo(bpm: number): number {
  return Math.min(TEMPO_RANGE.max, Math.max(TEMPO_RANGE.min, Math.round(bpm)))
}
