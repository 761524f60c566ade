import type { ReferencePlayer } from '../../lib/audio/player.ts'
import type { BlobPlayer } from '../../lib/audio/blob-player.ts'

/**
 * The sound of a question, as Practice plays it and History replays it: melodies and scales through the
 * reference player, clips through an audio element; `stop` silences both. `ensureAudio` starts the audio
 * context (the services' `audio.ensureAudio`).
 */
export function questionAudio(player: ReferencePlayer, blobs: BlobPlayer, ensureAudio: () => Promise<void>) {
  return {
    ensureAudio,
    playMelody: (...args: Parameters<ReferencePlayer['playMelody']>) => player.playMelody(...args),
    playScale: (...args: Parameters<ReferencePlayer['playScale']>) => player.playScale(...args),
    playClip: (blob: Blob) => blobs.play(blob),
    stop: () => {
      player.stop()
      blobs.stop()
    },
  }
}
