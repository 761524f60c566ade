import type { AnalysisResult } from '../../analysis/types.ts'
import type { Timbre } from '../../audio/player.ts'
import type { Label } from '../../theory/label.ts'
import type { PitchClass } from '../../theory/pitch-class.ts'
import type { ScaleType } from '../../theory/scale-types.ts'
import type { Pattern } from '../../theory/tones.ts'
import type { Timestamp } from '../../theory/units.ts'
import { explain, type Why } from '../../tutor/grading.ts'
import {
  FREE_RUNG_ID,
  LADDER,
  currentRung,
  freePracticeRung,
  ladderMastery,
  rungById,
  type Rung,
  type RungMastery,
} from '../../tutor/ladder.ts'
import type { ClipRef } from '../../tutor/questions.ts'
import { applyAttempt, pickNext, type ReviewCard } from '../../tutor/scheduler.ts'
import type { Answer, Attempt, Question } from '../../tutor/types.ts'
import { PRACTICE_FOCUS_KEY } from '../progress.svelte.ts'
import { toUiError, type UiError } from '../ui-error.ts'
import { QuestionAnalysis, type AnalysisStatus } from './analysis.svelte.ts'
import { makeAttempt, type LatencyFrom } from './attempt.ts'
import { recordToCard, withCards } from './cards.ts'
import { ClipBlobs, clipRefs } from './clips.ts'
import type { PracticeDeps } from './deps.ts'
import type { ActiveFocus } from './focus.ts'
import { freeProblem, type FreeOptions, type FreeProblem } from './free.ts'
import { practiceKey } from './keys.ts'
import { QuestionPlayback } from './playback.svelte.ts'
import { draftComplete, pressPattern } from './questions.ts'
import { PRACTICE_SETTINGS, clampTempo, readTimbre } from './settings.ts'
import { PracticeSource } from './source.svelte.ts'
import { questionSamples, renderSound, withLearnerSound } from './sound.ts'
import { PracticeWrites } from './writes.svelte.ts'

export type PracticePhase = 'loading' | 'ready' | 'question' | 'answered'

/**
 * The Practice page's state: the learner's place on the ladder (or free practice), the current question, its
 * playback, replays and hints, the answer, feedback with the analyzer's evidence, and saving every attempt with its
 * FSRS cards. Without a store everything works in memory and `persistent` is false.
 */
export class PracticeSession {
  phase = $state<PracticePhase>('loading')
  /** Every attempt the learner has made (from the store, then this session's). */
  attempts = $state.raw<readonly Attempt[]>([])
  cards = $state.raw<readonly ReviewCard[]>([])
  clips = $state.raw<readonly ClipRef[]>([])
  timbre = $state<Timbre>('pluck')
  tempo = $state(84)

  question = $state.raw<Question | null>(null)
  /** The answer being put together (for multi-field questions). */
  draft = $state.raw<Answer>({})
  attempt = $state.raw<Attempt | null>(null)
  /** What the last answer's latency was counted from (for the feedback line). */
  latencyFrom = $state<LatencyFrom | null>(null)
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
  readonly #analysis = new QuestionAnalysis()
  readonly #writes: PracticeWrites
  readonly #playback: QuestionPlayback
  readonly #clips: ClipBlobs
  readonly #source: PracticeSource
  #shownAt: Timestamp = 0

  constructor(deps: PracticeDeps) {
    this.#deps = deps
    this.persistent = deps.store !== null
    this.#writes = new PracticeWrites(deps.store)
    this.#clips = new ClipBlobs(deps.store)
    this.#source = new PracticeSource(this.#writes)
    this.#playback = new QuestionPlayback(deps.audio, deps.now, (id) => this.#clips.get(id))
  }

  // Views of the parts (each documented where it lives).
  get chosenRung(): string | null {
    return this.#source.chosenRung
  }
  get free(): FreeOptions | null {
    return this.#source.free
  }
  get focus(): ActiveFocus | null {
    return this.#source.focus
  }
  get focusProblem(): 'invalid' | null {
    return this.#source.focusProblem
  }
  get playing(): boolean {
    return this.#playback.playing
  }
  get plays(): number {
    return this.#playback.plays
  }
  get replays(): number {
    return this.#playback.replays
  }
  get hints(): number {
    return this.#playback.hints
  }
  get drone(): boolean {
    return this.#playback.drone
  }
  get dronePitch(): PitchClass | null {
    return this.#playback.dronePitch
  }
  get firstStartAt(): Timestamp | null {
    return this.#playback.firstStartAt
  }
  get firstEndAt(): Timestamp | null {
    return this.#playback.firstEndAt
  }
  get analysisStatus(): AnalysisStatus {
    return this.#analysis.status
  }
  get analysis(): AnalysisResult | null {
    return this.#analysis.result
  }
  get analysisError(): UiError | null {
    return this.#analysis.error
  }
  get saving(): boolean {
    return this.#writes.saving
  }
  get saveError(): UiError | null {
    return this.#writes.saveError
  }
  get saved(): number {
    return this.#writes.saved
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
        this.clips = clipRefs(clips)
        this.timbre = readTimbre(timbre) ?? this.timbre
        if (typeof tempo === 'number') this.tempo = clampTempo(tempo)
        if (
          focus !== undefined &&
          focus !== null &&
          this.#source.applyFocus(focus, this.#deps.now(), attempts)
        )
          this.#reset()
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
    this.#source.followRung(id)
    this.#reset()
  }

  /**
   * Switches to free practice with these choices (leaving a focus); returns an error key when they cannot make a
   * question.
   */
  startFree(opts: FreeOptions): FreeProblem | null {
    const problem = freeProblem(opts, this.clips)
    if (problem) return problem
    this.#source.startFree(opts)
    this.#reset()
    return null
  }

  /** Leaves focus mode: the focus is forgotten here and in the store (free practice itself goes on). */
  leaveFocus(): void {
    this.#source.leaveFocus()
  }

  setTimbre(t: Timbre): void {
    this.timbre = t
    this.#writes.setSetting(PRACTICE_SETTINGS.timbre, t)
  }

  setTempo(bpm: number): void {
    if (!Number.isFinite(bpm)) return
    this.tempo = clampTempo(bpm)
    this.#writes.setSetting(PRACTICE_SETTINGS.tempo, this.tempo)
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
      q = withLearnerSound(picked, this.timbre, this.tempo)
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
    this.#playback.reset()
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
    this.error = null
    try {
      await this.#playback.play(q, this.phase === 'question', () => this.question === q)
    } catch (e) {
      if (this.question === q) this.error = toUiError(e, 'audio')
    }
  }

  /** Stops the question's sound. */
  stop(): void {
    this.#playback.stop()
  }

  /** Turns the drone hint on (counted) or off. (questions.ts: dronePitch says what it sounds). */
  async toggleDrone(): Promise<void> {
    const q = this.question
    if (!q) return
    try {
      await this.#playback.toggleDrone(q, this.phase)
    } catch (e) {
      this.error = toUiError(e, 'audio')
    }
  }

  choosePattern(p: Pattern): void {
    const q = this.question
    if (!q || this.phase !== 'question') return
    const press = pressPattern(q, this.draft, p)
    if (press && 'answer' in press) this.answer(press.answer)
    else if (press) this.draft = press.draft
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
    return !!this.question && draftComplete(this.question, this.draft)
  }

  /** Submits the draft (multi-field questions). */
  submit(): void {
    if (this.complete) this.answer(this.draft)
  }

  /**
   * Grades an answer (attempt.ts: makeAttempt says how), records the attempt, updates the FSRS cards, and saves
   * both; the analyzer's label is added to the stored attempt when it is known.
   */
  answer(answer: Answer): void {
    const q = this.question
    if (!q || this.phase !== 'question') return
    const at = this.#deps.now()
    const p = this.#playback
    const { attempt, latencyFrom } = makeAttempt(q, answer, at, {
      shownAt: this.#shownAt,
      firstStartAt: p.firstStartAt,
      firstEndAt: p.firstEndAt,
      replays: p.replays,
      hints: p.hints,
      analysis: this.analysis,
    })
    this.latencyFrom = latencyFrom
    const before = this.#everMastered(q.rung)
    const touched = applyAttempt(this.cards, attempt)
    this.cards = withCards(this.cards, touched)
    this.attempts = [...this.attempts, attempt]
    this.attempt = attempt
    this.draft = answer
    this.phase = 'answered'
    if (q.rung && !before && this.#everMastered(q.rung)) this.celebrate = q.rung
    this.#save(attempt, touched)
    this.#source.practised(at)
  }

  /** Handles a key press; true when it was used. See {@link practiceKey} for the keys. */
  key(k: string): boolean {
    return practiceKey(this, k)
  }

  /** Plays a mode's scale (feedback: "the scale of my answer" / "of the right answer"). */
  async playScaleOf(label: Label): Promise<void> {
    if (label.empty) return
    this.error = null
    try {
      await this.#playback.playScale(label, this.tempo)
    } catch (e) {
      this.error = toUiError(e, 'audio')
    }
  }

  /** Resolves when every pending save has finished (tests, and leaving the page). */
  flush(): Promise<void> {
    return this.#writes.flush()
  }

  dispose(): void {
    this.#stopSound()
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
    this.#analysis.cancel()
    this.#playback.stopAll()
  }

  #everMastered(rungId: string | undefined): boolean {
    if (!rungId || rungId === FREE_RUNG_ID) return false
    const i = LADDER.findIndex((r) => r.id === rungId)
    return i >= 0 && (this.mastery[i]?.everMastered ?? false)
  }

  /** Runs the analyzer on the question's sound in the background, for the feedback's evidence. */
  #analyse(q: Question): void {
    this.#analysis.start(
      async (signal) => {
        const render = this.#deps.render ?? renderSound
        const decodeClip = async (id: string) => this.#deps.decode(await this.#clips.get(id), id)
        const { samples, sampleRate } = await questionSamples(q, render, decodeClip)
        return this.#deps.identify(samples, sampleRate, { signal })
      },
      () => this.question === q,
      (result) => {
        // Answered before the analyzer finished: store its label with the attempt now.
        const a = this.attempt
        if (a && a.question === q && result.ok && !a.analyzerLabel) {
          const updated = { ...a, analyzerLabel: result.label }
          this.attempt = updated
          this.attempts = this.attempts.map((x) => (x.id === a.id ? updated : x))
          this.#save(updated, [])
        }
      },
    )
  }

  /** Saves an attempt with the cards it reviewed; the cards as written replace this tab's copies. */
  #save(attempt: Attempt, cards: readonly ReviewCard[]): void {
    this.#writes.saveAttempt(attempt, cards, (fresh) => {
      const ids = [...cards, ...fresh].map((c) => c.id)
      this.cards = [...this.cards.filter((c) => !ids.includes(c.id)), ...fresh]
    })
  }
}
