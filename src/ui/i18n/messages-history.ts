export const HISTORY_MESSAGES = {
  'history.title': { zh: '答题历史', en: 'History' },
  'history.loading': { zh: '正在读取…', en: 'Reading…' },
  'history.notSaved': {
    zh: '本地存储不可用，没有可显示的历史记录。',
    en: 'Local storage is not available, so there is no history to show.',
  },
  'history.loadError': { zh: '无法读取历史记录：{message}', en: 'Your history could not be read: {message}' },
  'history.empty': {
    zh: '还没有答题记录。做几道练习题，就会出现在这里。',
    en: 'No answers yet. Answer a few practice questions and they will appear here.',
  },
  'history.noMatch': { zh: '没有符合筛选条件的记录。', en: 'No answers match these filters.' },
  'history.total': { zh: '共存有 {n} 条记录', en: 'Answers stored: {n}' },

  // Filters
  'history.filters': { zh: '筛选', en: 'Filters' },
  'history.from': { zh: '开始日期', en: 'From' },
  'history.to': { zh: '结束日期', en: 'To' },
  'history.date.any': { zh: '不限', en: 'Any day' },
  'history.date.clear': { zh: '清除{label}', en: 'Clear “{label}”' },
  'history.pattern': { zh: '调式', en: 'Pattern' },
  'history.pattern.any': { zh: '全部', en: 'Any' },
  'history.result': { zh: '结果', en: 'Result' },
  'history.result.all': { zh: '全部', en: 'All' },
  'history.result.right': { zh: '答对', en: 'Right' },
  'history.result.wrong': { zh: '答错', en: 'Wrong' },
  'history.apply': { zh: '筛选', en: 'Apply' },
  'history.clear': { zh: '清除筛选', en: 'Clear filters' },
  'history.filter.badFrom': {
    zh: '开始日期不是有效日期，请用“年-月-日”格式。',
    en: 'The start date is not a valid date: use year-month-day.',
  },
  'history.filter.badTo': {
    zh: '结束日期不是有效日期，请用“年-月-日”格式。',
    en: 'The end date is not a valid date: use year-month-day.',
  },
  'history.filter.reversed': {
    zh: '开始日期晚于结束日期，请调换两个日期。',
    en: 'The start date is after the end date: swap them.',
  },

  // Table
  'history.caption': { zh: '过去的回答，最新的在前', en: 'Past answers, newest first' },
  'history.col.when': { zh: '时间', en: 'When' },
  'history.col.kind': { zh: '题型', en: 'Kind' },
  'history.col.answer': { zh: '你的回答', en: 'Your answer' },
  'history.col.truth': { zh: '正确答案', en: 'Truth' },
  'history.col.analyzer': { zh: '分析器', en: 'Analyzer' },
  'history.col.model': { zh: '模型', en: 'Model' },
  'history.col.latency': { zh: '用时', en: 'Time' },
  'history.col.replays': { zh: '重听', en: 'Replays' },
  'history.col.play': { zh: '播放', en: 'Play' },
  'history.right': { zh: '对', en: 'right' },
  'history.wrong': { zh: '错', en: 'wrong' },
  'history.none': { zh: '—', en: '—' },
  'history.noAnswer': { zh: '（无）', en: '(none)' },
  'history.seconds': { zh: '{s} 秒', en: '{s} s' },
  'history.hints': { zh: '提示 {n}', en: 'hints: {n}' },
  'history.source.melody': { zh: '旋律', en: 'melody' },
  'history.source.scale': { zh: '音阶', en: 'scale' },
  'history.source.clip': { zh: '录音', en: 'clip' },
  'history.source.assignment': { zh: '作业', en: 'assignment' },
  'history.replay': { zh: '▶ 重听', en: '▶ Replay' },
  'history.stop': { zh: '■ 停止', en: '■ Stop' },
  'history.replayLabel': { zh: '重听 {when} 的题', en: 'Replay the question of {when}' },
  'history.playing': { zh: '正在播放 {when} 的题', en: 'Playing the question of {when}' },
  'history.modelRaw': { zh: '模型原话：{raw}', en: 'The model said: {raw}' },

  // Pages
  'history.pages': { zh: '翻页', en: 'Pages' },
  'history.page': { zh: '第 {page} 页（第 {first}–{last} 条）', en: 'Page {page} (answers {first}–{last})' },
  'history.newer': { zh: '← 较新', en: '← Newer' },
  'history.older': { zh: '较旧 →', en: 'Older →' },
  'history.newest': { zh: '最新', en: 'Newest' },

  // Replay errors
  'history.error.clipMissing': {
    zh: '这段录音已不在本设备上（可能已被删除），无法重听。',
    en: 'This recording is no longer on this device (it may have been deleted), so it cannot be replayed.',
  },
  'history.error.undecodable': {
    zh: '浏览器无法播放这段录音。',
    en: 'The browser could not play this recording.',
  },
  'history.error.audio': { zh: '无法播放声音：{message}', en: 'The sound could not be played: {message}' },
} as const
