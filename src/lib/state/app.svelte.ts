import type { Store } from '../store/store.ts'
import type { ReferencePlayer } from '../audio/player.ts'
import type { AnalyzeSession } from './analyze.svelte.ts'
import type { UiError } from './ui-error.ts'
import type { ReferenceScale } from './reference.svelte.ts'
import type { ModelState } from './model/model.svelte.ts'
import type { Preferences } from './preferences.svelte.ts'
import type { Timestamp } from '../theory/units.ts'
import type { DecodedAudio } from '../audio/types.ts'
import type { IdentifyInWorkerOptions } from '../audio/analyzer-client.ts'
import type { AnalysisResult } from '../analysis/types.ts'
import type { WaveformController, WaveformOptions } from '../audio/waveform.ts'
import type { MicRecorder, RecorderOptions } from '../audio/recorder.ts'
import type { BlobPlayer } from '../audio/blob-player.ts'
import type { ClipPlayer } from '../audio/clip-player.ts'
import type { ImportProgress, ImportReport } from '../store/backup.ts'

/** App-wide notices (another tab upgraded the database, storage problems…), shown as a banner. */
export class AppStatus {
  /** The store could not be opened: the app works, but nothing is saved. */
  storeError = $state<UiError | null>(null)
  /** Another tab opened a newer version of the database: this tab must reload to keep saving. */
  reloadNeeded = $state(false)
  /** Another tab holds an older version open, so the upgrade waits. */
  blocked = $state(false)
  persistence = $state<'granted' | 'denied' | 'unsupported' | 'unknown'>('unknown')
}

/** Audio in and out, built by main.ts: the UI reaches Web Audio, wavesurfer and the analyzer worker only through these. */
export interface AudioServices {
  /** Decodes a file (or recording) to mono samples at the analyzer's rate; throws AudioInputError. */
  readonly decode: (file: Blob, name: string) => Promise<DecodedAudio>
  /** Runs the analyzer in a Web Worker. */
  readonly identify: (
    samples: Float32Array,
    sampleRate: number,
    opts?: Pick<IdentifyInWorkerOptions, 'onProgress' | 'signal'>,
  ) => Promise<AnalysisResult>
  /** Starts the audio context after a user gesture (browsers keep it suspended until then). */
  readonly ensureAudio: () => Promise<void>
  /** Draws a clip's waveform with its one selectable region; the controller owns its teardown. */
  readonly mountWaveform: (el: HTMLElement, opts: WaveformOptions) => WaveformController
  /** A microphone recorder (not yet started). */
  readonly createRecorder: (opts: RecorderOptions) => MicRecorder
  /** A player for stored recordings through an audio element, one at a time (Practice, History). */
  readonly createBlobPlayer: () => BlobPlayer
  /** A player for a stored clip or its region through Web Audio, one at a time (Assignments). */
  readonly createClipPlayer: () => ClipPlayer
}

/** The device's storage, built by main.ts: backups, quota estimates and the other tabs. */
export interface DataServices {
  /** A backup of everything stored, as a zip. */
  readonly exportBackup: (store: Store) => Promise<Blob>
  /** Validates a backup in full, then merges it into the store; nothing is written when it is refused. */
  readonly importBackup: (
    store: Store,
    file: Blob,
    onProgress: (p: ImportProgress) => void,
  ) => Promise<ImportReport>
  /** A file name for a backup made now. */
  readonly backupFileName: () => string
  /** Bytes used and allowed, or null where the browser does not say. */
  readonly estimateStorage: () => Promise<{ usage: number; quota: number } | null>
  /** Tells how many other tabs have `topic` open (0 when alone); returns the unsubscribe. */
  readonly watchPresence: (topic: string, onChange: (others: number) => void) => () => void
}

/**
 * Everything the pages share, built once by main.ts and handed down by context. Feature pages build their
 * own state classes from these.
 */
export interface Services {
  /** The IndexedDB store, or null when it could not be opened (see `status.storeError`). */
  readonly store: Store | null
  readonly status: AppStatus
  readonly player: ReferencePlayer
  readonly analyze: AnalyzeSession
  readonly reference: ReferenceScale
  /** The remote model: saved server settings, asking, and the offline outbox (Settings and Analyze share it). */
  readonly model: ModelState
  /** The clock, passed in so that state classes can be tested with fixed times. */
  readonly now: () => Timestamp
  /** Random numbers for drills (seeded in tests). */
  readonly random: () => number
  /** A random UUID (v4) for new records; from getRandomValues, since randomUUID needs https. */
  readonly newId: () => string
  /** Audio adapters (decode, analyzer worker, playback start, waveform, microphone, clip players). */
  readonly audio: AudioServices
  /** Storage adapters (backups, quota, presence of other tabs). */
  readonly data: DataServices
  /** Per-device choices such as single-key shortcuts; absent in tests that do not need them (defaults apply). */
  readonly preferences?: Preferences
}
