/**
 * Sample-rate conversion in the browser, cutting regions, and the WAV the remote model receives.
 *
 * Why decodeAudioData and not an AudioBufferSourceNode: Chromium plays a buffer of another rate through a
 * source node with linear interpolation and no anti-alias filter (measured: a 10 kHz tone at 48 kHz comes
 * out of a 16 kHz context as a full-level 6 kHz alias), whereas decodeAudioData resamples to the context
 * rate with a windowed-sinc filter (the same tone comes out 35 dB down). So the samples are wrapped in a
 * lossless float WAV and decoded by an OfflineAudioContext running at the target rate.
 */
import type { Hz, Seconds } from '../theory/units.ts'
import { mixToMono as mixChannels } from '../analysis/resample.ts'
import { MAX_REGION_SECONDS, MODEL_SAMPLE_RATE, type DecodedAudio, type TimeRegion } from './types.ts'
import { encodeWav, encodeWavFloat32 } from './wav.ts'

/** Mixes the channels of an AudioBuffer down to a new mono Float32Array (their mean); the buffer is untouched. */
export function mixToMono(buffer: AudioBuffer): Float32Array {
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c))
  // One channel comes back as itself: copy it, since callers repair the samples in place.
  return channels.length === 1 ? channels[0].slice() : mixChannels(channels)
}

/**
 * Resamples mono samples from one rate to another with an OfflineAudioContext's anti-aliased resampler.
 * The result has `round(length × toRate / fromRate)` samples. Same rate → a copy.
 */
export async function resampleTo(
  samples: Float32Array,
  fromRate: Hz,
  toRate: Hz = MODEL_SAMPLE_RATE,
): Promise<Float32Array> {
  if (!(fromRate > 0) || !(toRate > 0))
    throw new RangeError(`sample rates must be > 0, got ${fromRate} → ${toRate}`)
  if (fromRate === toRate) return samples.slice()
  if (samples.length === 0) return new Float32Array(0)
  const ctx = new OfflineAudioContext(1, 1, toRate)
  const decoded = await ctx.decodeAudioData(encodeWavFloat32(samples, fromRate).buffer)
  return decoded.getChannelData(0).slice()
}

/** The part of a clip between two times (clamped to the clip), as a new clip that owns a copy of its samples. */
export function sliceSeconds(decoded: DecodedAudio, start: Seconds, end: Seconds): DecodedAudio {
  const { sampleRate, samples } = decoded
  const from = Math.max(0, Math.min(samples.length, Math.round(start * sampleRate)))
  const to = Math.max(from, Math.min(samples.length, Math.round(end * sampleRate)))
  // slice, not subarray: a 30 s view would otherwise keep an hour-long buffer alive.
  const part = samples.slice(from, to)
  return { ...decoded, samples: part, duration: part.length / sampleRate }
}

/**
 * Clamps a region to the clip and to at most `maxSeconds`; a longer region keeps its end, since the ending
 * is where the tonic is heard.
 */
export function clampRegion(
  region: TimeRegion,
  duration: Seconds,
  maxSeconds: Seconds = MAX_REGION_SECONDS,
): TimeRegion {
  const end = Math.max(0, Math.min(duration, Math.max(region.start, region.end)))
  const start = Math.max(0, Math.min(end, Math.min(region.start, region.end)), end - maxSeconds)
  return { start, end }
}

/** The WAV the remote model takes: the region (≤ 30 s, keeping its end), mono, 16 kHz, 16-bit PCM. */
export async function prepareForModel(
  decoded: DecodedAudio,
  region: TimeRegion,
): Promise<Uint8Array<ArrayBuffer>> {
  const { start, end } = clampRegion(region, decoded.duration)
  const part = sliceSeconds(decoded, start, end)
  const samples = await resampleTo(part.samples, part.sampleRate, MODEL_SAMPLE_RATE)
  // Resampling can overshoot by a sample; never hand the model more than 30 s.
  return encodeWav(samples.subarray(0, MAX_REGION_SECONDS * MODEL_SAMPLE_RATE), MODEL_SAMPLE_RATE)
}
