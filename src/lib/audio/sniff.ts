// Pure (no Web Audio): the app's decoder and the Node command line both use it.

/** Container formats recognised by their first bytes. */
export type AudioFormat = 'wav' | 'mp3' | 'aac' | 'ogg' | 'flac' | 'mp4' | 'webm' | 'aiff' | 'caf'

/** Human names for messages. */
export const AUDIO_FORMAT_NAMES: Readonly<Record<AudioFormat, string>> = Object.freeze({
  wav: 'WAV',
  mp3: 'MP3',
  aac: 'AAC',
  ogg: 'Ogg',
  flac: 'FLAC',
  mp4: 'MP4/M4A',
  webm: 'WebM',
  aiff: 'AIFF',
  caf: 'CAF',
})

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n))

/**
 * The audio container the bytes start with, or null when they are not a known audio format (a text file
 * renamed .wav, an image…). Needs the first 12 bytes.
 * @example sniffFormat(new TextEncoder().encode('RIFF\0\0\0\0WAVE')) → 'wav'
 */
export function sniffFormat(head: Uint8Array): AudioFormat | null {
  if (head.length < 4) return null
  const tag = ascii(head, 0, 4)
  if (tag === 'RIFF' && head.length >= 12) return ascii(head, 8, 4) === 'WAVE' ? 'wav' : null
  if (tag === 'RF64' || tag === 'BW64') return 'wav'
  if (tag === 'OggS') return 'ogg'
  if (tag === 'fLaC') return 'flac'
  if (tag === 'caff') return 'caf'
  if (tag === 'FORM' && head.length >= 12) return /^AIF[FC]$/.test(ascii(head, 8, 4)) ? 'aiff' : null
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm' // EBML
  if (head.length >= 8 && ascii(head, 4, 4) === 'ftyp') return 'mp4'
  if (ascii(head, 0, 3) === 'ID3') return 'mp3' // ID3v2 tag; MP3 is by far the usual payload
  if (head[0] === 0xff && (head[1] & 0xf6) === 0xf0) return 'aac' // ADTS: sync + layer 00
  if (head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) !== 0) return 'mp3' // MPEG audio frame sync
  return null
}
