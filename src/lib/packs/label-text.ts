import { pitchClassName } from '../theory/pitch-class.ts'
import { toneOf } from '../theory/tones.ts'
import { SCALE_TYPE_INFO } from '../theory/scale-types.ts'
import type { Label } from '../theory/label.ts'

/**
 * CNPM's `mode_name` for a label: tonic + pattern hanzi + type, or '' for no label.
 * @example cnpmLabelText(labelFromTonic(9, 'yu')) → 'A羽五声'; (2, 'shang', 'hexatonic-biangong') → 'D商六声加变宫'
 */
export function cnpmLabelText(label: Label): string {
  if (label.empty) return ''
  return `${pitchClassName(label.tonic)}${toneOf(label.pattern).hanzi}${SCALE_TYPE_INFO[label.type].zh}`
}
