// The composition root: builds the adapters and hands them to the state classes and the UI.
import { mount } from 'svelte'
import App from './ui/App.svelte'
import './ui/app.css'
import { I18n, initialLocale } from './ui/i18n/i18n.svelte.ts'
import { Router } from './lib/state/router.svelte.ts'
import { AnalyzeSession } from './lib/state/analyze.svelte.ts'
import { toUiError } from './lib/state/ui-error.ts'
import { ReferenceScale } from './lib/state/reference.svelte.ts'
import { AppStatus, type AudioServices, type Services } from './lib/state/app.svelte.ts'
import { decodeAudioFile } from './lib/audio/decode.ts'
import { identifyInWorker } from './lib/audio/analyzer-client.ts'
import { ReferencePlayer, ensureAudio } from './lib/audio/player.ts'
import { openStore } from './lib/store/idb-store.ts'
import type { Store } from './lib/store/store.ts'
import { requestPersistence } from './lib/store/persistence.ts'
import { ModelState } from './lib/state/model/model.svelte.ts'
import { prepareForModel } from './lib/audio/resample.ts'
import { Preferences } from './lib/state/preferences.svelte.ts'
import { mountWaveform } from './lib/audio/waveform.ts'
import { MicRecorder } from './lib/audio/recorder.ts'
import { BlobPlayer } from './lib/audio/blob-player.ts'
import { ClipPlayer } from './lib/audio/clip-player.ts'
import { backupFileName } from './lib/store/backup-name.ts'
import { watchPresence } from './lib/store/presence.ts'
import { randomHexId, randomUuid } from './lib/state/ids.ts'

const LOCALE_KEY = 'wusheng.locale'

async function main(target: HTMLElement): Promise<void> {
  const i18n = new I18n(initialLocale(readLocale()), (l) => writeLocale(l))
  const router = new Router(window)
  const status = new AppStatus()

  let store: Store | null = null
  try {
    store = await openStore(undefined, {
      onBlocked: () => (status.blocked = true),
      onVersionChange: () => (status.reloadNeeded = true),
    })
    void requestPersistence().then((r) => (status.persistence = r))
  } catch (e) {
    status.storeError = toUiError(e, 'store')
  }

  const player = new ReferencePlayer()
  const reference = new ReferenceScale({
    ensureAudio,
    playScale: (label, opts) => player.playScale(label, opts),
    stop: () => player.stop(),
    startDrone: (pc) => player.startDrone(pc),
    stopDrone: () => player.stopDrone(),
  })
  const audio: AudioServices = {
    decode: (file, name) => decodeAudioFile(file, { name }),
    identify: (samples, sampleRate, opts) => identifyInWorker(samples, sampleRate, opts),
    ensureAudio,
    mountWaveform,
    createRecorder: (opts) => new MicRecorder(opts),
    createBlobPlayer: () => new BlobPlayer(),
    createClipPlayer: () => new ClipPlayer(),
  }
  const analyze = new AnalyzeSession({ decode: audio.decode, identify: audio.identify })
  const model = new ModelState({
    store,
    now: () => Date.now(),
    prepareWav: (clip, segment) => prepareForModel({ ...clip, channels: 1 }, segment),
    isOnline: () => navigator.onLine,
    watchNetwork: (listener) => {
      const on = () => listener(true)
      const off = () => listener(false)
      window.addEventListener('online', on)
      window.addEventListener('offline', off)
      return () => {
        window.removeEventListener('online', on)
        window.removeEventListener('offline', off)
      }
    },
    newId: randomHexId,
  })
  // Settings are read before the first page shows, so "Ask the model" does not flicker in.
  await model.start()
  const services: Services = {
    store,
    status,
    player,
    analyze,
    reference,
    model,
    now: () => Date.now(),
    random: Math.random,
    newId: randomUuid,
    preferences: new Preferences(storageOrNull()),
    audio,
    data: {
      // Loaded when first used: the zip code and every page's setting readers stay out of the start-up bundle.
      exportBackup: async (s) => (await import('./lib/store/backup.ts')).exportBackup(s, { now: Date.now() }),
      importBackup: async (s, file, onProgress) => {
        const [{ importBackup }, { checkStoredSetting }] = await Promise.all([
          import('./lib/store/backup.ts'),
          import('./lib/state/stored-settings.ts'),
        ])
        return importBackup(s, file, { onProgress, validateSetting: checkStoredSetting })
      },
      backupFileName: () => backupFileName(Date.now()),
      estimateStorage: async () => {
        const e = await navigator.storage?.estimate?.()
        return e && typeof e.usage === 'number' && typeof e.quota === 'number'
          ? { usage: e.usage, quota: e.quota }
          : null
      },
      watchPresence,
    },
  }
  mount(App, { target, props: { i18n, router, services } })
}

/** The saved language; null where storage is blocked (a sandboxed frame, strict privacy settings). */
function readLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_KEY)
  } catch {
    return null
  }
}

/** localStorage, or null where even touching it throws (a sandboxed frame). */
function storageOrNull(): Storage | null {
  try {
    return localStorage
  } catch {
    return null
  }
}

function writeLocale(locale: string): void {
  try {
    localStorage.setItem(LOCALE_KEY, locale)
  } catch {
    // Not saved: the choice holds for this visit only.
  }
}

const target = document.getElementById('app')
if (!target) throw new Error('index.html has no #app element')
main(target).catch((e: unknown) => {
  // Nothing mounted: say so on the page instead of leaving it blank.
  target.textContent = `五声 Wusheng could not start / 无法启动: ${e instanceof Error ? e.message : String(e)}`
  throw e
})
