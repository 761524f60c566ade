// Messages shared by several pages for display and orientation: the analyzer's details, technical detail boxes,
// the theme toggle.
export const UX_MESSAGES = {
  'analyzer.detail.tooShortClip': { zh: '选段太短，无法分析。', en: 'The clip is too short to analyse.' },
  'analyzer.detail.silent': { zh: '选段是静音。', en: 'The clip is silent.' },
  'analyzer.detail.voiced': {
    zh: '只有 {percent}% 的声音有清楚的音高。',
    en: 'Only {percent}% of the sound has a clear pitch.',
  },
  'analyzer.detail.notes': {
    zh: '只听到 {notes} 个音，共 {seconds} 秒有音高的声音。',
    en: '{notes} notes, {seconds} s of pitched sound.',
  },
  'analyzer.detail.tones': {
    zh: '只有 {tones} 个不同的音级。',
    en: 'Only {tones} distinct pitch classes.',
  },
  'analyzer.detail.coverage': {
    zh: '最接近的七声音阶也只包含 {percent}% 的音。',
    en: 'The best seven-tone collection holds {percent}% of the notes.',
  },
  'common.technicalDetail': { zh: '技术详情（英文原文，反馈问题时有用）', en: 'Technical detail' },
  'theme.toggle': { zh: '切换深色/浅色', en: 'Switch dark/light' },
  'theme.system': { zh: '外观：跟随系统', en: 'Theme: system' },
  'theme.light': { zh: '外观：浅色', en: 'Theme: light' },
  'theme.dark': { zh: '外观：深色', en: 'Theme: dark' },
} as const
