import { zipSync } from 'fflate'
import { MAX_REGION_SECONDS, MODEL_SAMPLE_RATE, type DecodedAudio } from '../../audio/types.ts'
import { encodeWav } from '../../audio/wav.ts'
import {
  buildDataset,
  DEFAULT_DATASET_OPTIONS,
  validateDataset,
  type DatasetClip,
  type DatasetOptions,
} from '../../eval/dataset.ts'
import type { Label } from '../../theory/label.ts'
import type { Seconds } from '../../theory/units.ts'
import { defaultSegment } from '../analyze.svelte.ts'

/** A labelled clip to export: its audio, its label, and the segment to keep (default: its last 30 s). */
export interface FinetuneSource {
  readonly key: string
  readonly blob: Blob
  readonly label: Label
  readonly region?: { readonly start: Seconds; readonly end: Seconds } | null
}

/** Decodes a clip to mono samples (the app's decodeAudioFile, at 16 kHz). */
export type DecodeClip = (blob: Blob, name: string) => Promise<DecodedAudio>

/**
 * A zip of a LLaMA-Factory audio dataset (see eval/dataset.ts) under a folder named after the dataset: each clip's
 * segment as mono 16 kHz 16-bit WAV of at most 30 s (what the model hears), its label as the answer. Clips that
 * cannot be decoded are left out and named in `skipped`. The dataset is validated before it is zipped.
 */
export async function finetuneZip(
  sources: readonly FinetuneSource[],
  decode: DecodeClip,
  opts: Partial<DatasetOptions> = {},
): Promise<{ zip: Uint8Array<ArrayBuffer>; clips: number; skipped: string[] }> {
  const clips: DatasetClip[] = []
  const skipped: string[] = []
  for (const s of sources) {
    let audio: DecodedAudio
    try {
      audio = await decode(s.blob, s.key)
    } catch {
      skipped.push(s.key)
      continue
    }
    if (audio.sampleRate !== MODEL_SAMPLE_RATE) {
      skipped.push(s.key)
      continue
    }
    const seg = s.region ?? defaultSegment(audio.duration)
    const from = Math.max(0, Math.floor(seg.start * audio.sampleRate))
    const to = Math.min(
      audio.samples.length,
      Math.floor(seg.end * audio.sampleRate),
      from + MAX_REGION_SECONDS * audio.sampleRate,
    )
    clips.push({
      key: s.key,
      wav: encodeWav(audio.samples.subarray(from, to), audio.sampleRate),
      label: s.label,
    })
  }
  const options = { ...DEFAULT_DATASET_OPTIONS, ...opts }
  const files = buildDataset(clips, options)
  const problems = validateDataset(new Map(files.map((f) => [f.path, f.data])))
  if (problems.length) throw new Error(problems.join('; '))
  const enc = new TextEncoder()
  const zip = zipSync(
    Object.fromEntries(
      files.map((f) => [
        `${options.name}/${f.path}`,
        typeof f.data === 'string' ? enc.encode(f.data) : f.data,
      ]),
    ),
    { level: 6 },
  )
  return { zip: zip as Uint8Array<ArrayBuffer>, clips: clips.length, skipped }
}
