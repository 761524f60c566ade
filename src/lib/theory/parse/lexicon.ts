import type { Pattern } from '../tones.ts'
import type { Cue, TokenBody } from './token.ts'

// The words the scanner knows, in Chinese, pinyin and English, and the characters that block a tone reading.

export const PATTERN_HANZI: Readonly<Record<string, Pattern>> = {
  宫: 'gong',
  商: 'shang',
  角: 'jue',
  徵: 'zhi',
  // 征 is the everyday simplified form of 徵 in 征调式.
  征: 'zhi',
  羽: 'yu',
}

/** Characters that, right after a tone's character, make an ordinary word (宫廷, 商业, 角色, 羽毛, 征求). */
export const NOT_A_TONE_BEFORE: Readonly<Record<string, string>> = {
  宫: '廷殿女中里门灯墙阙闱外内颈殿',
  商: '业人品店场量务标讨议城铺会户贩家贸',
  角: '色度落逐斗力儿膜楼钱质演', // B角演员 is an understudy
  徵: '求集收兆召',
  征: '求集收服战兆程途文稿税用地',
  羽: '毛绒球翼翅化扇衣',
}

/** Characters after 调 that make it a verb (调整, 调查), not "mode". */
export const NOT_MODE_AFTER_DIAO = '整查节动换度皮侃配研控试解剂'

/** Multi-character Chinese words, matched longest first. */
export const HAN_WORDS: ReadonlyArray<readonly [string, TokenBody]> = (
  [
    ['调式', { kind: 'mode', text: '调式' }],
    ['系统', { kind: 'system' }],
    ['主音', { kind: 'tonic' }],
    ['宫音', { kind: 'gong-tone' }],
    ['五声', { kind: 'count', n: 5 }],
    ['六声', { kind: 'count', n: 6 }],
    ['七声', { kind: 'count', n: 7 }],
    ['清角', { kind: 'extra', id: 'qingjue' }],
    ['变徵', { kind: 'extra', id: 'bianzhi' }],
    ['变宫', { kind: 'extra', id: 'biangong' }],
    ['闰', { kind: 'extra', id: 'run' }],
    ['雅乐', { kind: 'yue', type: 'heptatonic-yayue' }],
    ['清乐', { kind: 'yue', type: 'heptatonic-qingyue' }],
    ['燕乐', { kind: 'yue', type: 'heptatonic-yanyue' }],
    ['加', { kind: 'glue' }],
    ['同宫系统', { kind: 'cue', cue: 'relation' }],
    ['同宫', { kind: 'cue', cue: 'relation' }],
    ['同主音', { kind: 'cue', cue: 'relation' }],
    ['关系', { kind: 'cue', cue: 'relation' }],
    ['体系', { kind: 'han', text: '体系' }],
    ['与', { kind: 'cue', cue: 'relation' }],
    ['相对', { kind: 'cue', cue: 'relation' }],
    ['对应', { kind: 'cue', cue: 'relation' }],
    ['平行', { kind: 'cue', cue: 'relation' }],
    ['相比', { kind: 'cue', cue: 'relation' }],
    ['类似', { kind: 'cue', cue: 'relation' }],
    ['共用', { kind: 'cue', cue: 'relation' }],
    ['不是', { kind: 'cue', cue: 'neg' }],
    ['并非', { kind: 'cue', cue: 'neg' }],
    ['而非', { kind: 'cue', cue: 'neg' }],
    ['绝非', { kind: 'cue', cue: 'neg' }],
    ['并不是', { kind: 'cue', cue: 'neg' }],
    ['而不是', { kind: 'cue', cue: 'neg' }],
    ['不属于', { kind: 'cue', cue: 'neg' }],
    ['不像', { kind: 'cue', cue: 'neg' }],
    ['排除', { kind: 'cue', cue: 'neg' }],
    ['而是', { kind: 'cue', cue: 'assert' }],
    ['应为', { kind: 'cue', cue: 'assert' }],
    ['应是', { kind: 'cue', cue: 'assert' }],
    ['应该是', { kind: 'cue', cue: 'assert' }],
    ['实际上', { kind: 'cue', cue: 'assert' }],
    ['其实', { kind: 'cue', cue: 'assert' }],
    ['答案', { kind: 'cue', cue: 'assert' }],
    ['结论', { kind: 'cue', cue: 'assert' }],
    ['判断为', { kind: 'cue', cue: 'assert' }],
    ['判定为', { kind: 'cue', cue: 'assert' }],
    ['确定为', { kind: 'cue', cue: 'assert' }],
    ['最终', { kind: 'cue', cue: 'assert' }],
    ['综上', { kind: 'cue', cue: 'assert' }],
    ['综合', { kind: 'cue', cue: 'assert' }],
    ['整体上', { kind: 'cue', cue: 'assert' }],
    ['总体上', { kind: 'cue', cue: 'assert' }],
    ['总的来说', { kind: 'cue', cue: 'assert' }],
    ['因此', { kind: 'cue', cue: 'assert' }],
    ['所以', { kind: 'cue', cue: 'assert' }],
    ['但', { kind: 'cue', cue: 'assert' }],
    ['更像', { kind: 'cue', cue: 'assert' }],
    ['更可能', { kind: 'cue', cue: 'assert' }],
    ['最可能', { kind: 'cue', cue: 'assert' }],
    ['本曲', { kind: 'cue', cue: 'subject' }],
    ['该曲', { kind: 'cue', cue: 'subject' }],
    ['此曲', { kind: 'cue', cue: 'subject' }],
    ['这首', { kind: 'cue', cue: 'subject' }],
    ['这段', { kind: 'cue', cue: 'subject' }],
    ['全曲', { kind: 'cue', cue: 'subject' }],
    ['可能', { kind: 'cue', cue: 'hedge' }],
    ['也许', { kind: 'cue', cue: 'hedge' }],
    ['或许', { kind: 'cue', cue: 'hedge' }],
    ['大概', { kind: 'cue', cue: 'hedge' }],
    ['似乎', { kind: 'cue', cue: 'hedge' }],
    ['像', { kind: 'cue', cue: 'hedge' }],
    ['或者', { kind: 'cue', cue: 'alt' }],
    ['还是', { kind: 'cue', cue: 'alt' }],
    ['或', { kind: 'cue', cue: 'alt' }],
  ] as const satisfies ReadonlyArray<readonly [string, TokenBody]>
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length)

/** English and pinyin words, lower-cased. Multi-word cues are handled in `latinCue`. */
export const LATIN_WORDS: Readonly<Record<string, TokenBody>> = {
  gong: { kind: 'pattern', pattern: 'gong', text: 'gong', latin: true },
  shang: { kind: 'pattern', pattern: 'shang', text: 'shang', latin: true },
  jue: { kind: 'pattern', pattern: 'jue', text: 'jue', latin: true },
  // 角 is also read jiǎo; people write both.
  jiao: { kind: 'pattern', pattern: 'jue', text: 'jiao', latin: true },
  zhi: { kind: 'pattern', pattern: 'zhi', text: 'zhi', latin: true },
  yu: { kind: 'pattern', pattern: 'yu', text: 'yu', latin: true },
  mode: { kind: 'mode', text: 'mode' },
  modes: { kind: 'mode', text: 'mode' },
  scale: { kind: 'mode', text: 'scale' },
  diao: { kind: 'mode', text: 'diao' },
  diaoshi: { kind: 'mode', text: 'diaoshi' },
  system: { kind: 'system' },
  tonic: { kind: 'tonic' },
  pentatonic: { kind: 'count', n: 5 },
  hexatonic: { kind: 'count', n: 6 },
  heptatonic: { kind: 'count', n: 7 },
  wusheng: { kind: 'count', n: 5 },
  liusheng: { kind: 'count', n: 6 },
  qisheng: { kind: 'count', n: 7 },
  qingjue: { kind: 'extra', id: 'qingjue' },
  bianzhi: { kind: 'extra', id: 'bianzhi' },
  biangong: { kind: 'extra', id: 'biangong' },
  yayue: { kind: 'yue', type: 'heptatonic-yayue' },
  qingyue: { kind: 'yue', type: 'heptatonic-qingyue' },
  yanyue: { kind: 'yue', type: 'heptatonic-yanyue' },
  with: { kind: 'glue' },
  plus: { kind: 'glue' },
  added: { kind: 'glue' },
  add: { kind: 'glue' },
  not: { kind: 'cue', cue: 'neg' },
  no: { kind: 'cue', cue: 'neg' },
  never: { kind: 'cue', cue: 'neg' },
  neither: { kind: 'cue', cue: 'neg' },
  nor: { kind: 'cue', cue: 'neg' },
  unlike: { kind: 'cue', cue: 'neg' },
  but: { kind: 'cue', cue: 'assert' },
  actually: { kind: 'cue', cue: 'assert' },
  instead: { kind: 'cue', cue: 'assert' },
  rather: { kind: 'cue', cue: 'assert' },
  answer: { kind: 'cue', cue: 'assert' },
  therefore: { kind: 'cue', cue: 'assert' },
  thus: { kind: 'cue', cue: 'assert' },
  hence: { kind: 'cue', cue: 'assert' },
  so: { kind: 'cue', cue: 'assert' },
  overall: { kind: 'cue', cue: 'assert' },
  conclusion: { kind: 'cue', cue: 'assert' },
  final: { kind: 'cue', cue: 'assert' },
  piece: { kind: 'cue', cue: 'subject' },
  melody: { kind: 'cue', cue: 'subject' },
  music: { kind: 'cue', cue: 'subject' },
  excerpt: { kind: 'cue', cue: 'subject' },
  clip: { kind: 'cue', cue: 'subject' },
  relative: { kind: 'cue', cue: 'relation' },
  related: { kind: 'cue', cue: 'relation' },
  share: { kind: 'cue', cue: 'relation' },
  shares: { kind: 'cue', cue: 'relation' },
  sharing: { kind: 'cue', cue: 'relation' },
  same: { kind: 'cue', cue: 'relation' },
  parallel: { kind: 'cue', cue: 'relation' },
  compared: { kind: 'cue', cue: 'relation' },
  maybe: { kind: 'cue', cue: 'hedge' },
  perhaps: { kind: 'cue', cue: 'hedge' },
  possibly: { kind: 'cue', cue: 'hedge' },
  might: { kind: 'cue', cue: 'hedge' },
  could: { kind: 'cue', cue: 'hedge' },
  probably: { kind: 'cue', cue: 'hedge' },
  like: { kind: 'cue', cue: 'hedge' },
  or: { kind: 'cue', cue: 'alt' },
  either: { kind: 'cue', cue: 'alt' },
}

/** Two-word English cues: the first word, the second, and the cue they make together. */
export const LATIN_PAIRS: ReadonlyArray<readonly [string, string, Cue]> = [
  ['rather', 'than', 'neg'],
  ['instead', 'of', 'neg'],
  ['most', 'likely', 'assert'],
]

/** Chinese words by first character, so the scanner tries only the few that can start here. */
export const HAN_BY_FIRST: ReadonlyMap<string, ReadonlyArray<readonly [string, TokenBody]>> = (() => {
  const map = new Map<string, Array<readonly [string, TokenBody]>>()
  for (const entry of HAN_WORDS) map.set(entry[0][0], [...(map.get(entry[0][0]) ?? []), entry])
  return map
})()

export const hanWordAt = (text: string, i: number) =>
  HAN_BY_FIRST.get(text[i])?.find(([w]) => text.startsWith(w, i))

/** Characters the grammar reads one by one: 为/是/在/以/的 in statements and type phrases. */
export const GRAMMAR_HAN = '为是在以的'
