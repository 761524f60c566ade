export const PROGRESS_MESSAGES = {
  'progress.title': { zh: '学习进度', en: 'Progress' },
  'progress.loading': { zh: '正在读取你的答题记录…', en: 'Reading your answers…' },
  'progress.notSaved': {
    zh: '本地存储不可用，没有可显示的进度。',
    en: 'Local storage is not available, so there is no progress to show.',
  },
  'progress.loadError': {
    zh: '无法读取答题记录：{message}',
    en: 'Your answers could not be read: {message}',
  },
  'progress.retry': { zh: '重试', en: 'Try again' },
  'progress.empty.title': { zh: '还没有答题记录', en: 'No answers yet' },
  'progress.empty.body': {
    zh: '做几道练习题，这里就会显示你的正确率、常混淆的调式和掌握进度。',
    en: 'Answer a few practice questions and your accuracy, your confusions and your mastery will show here.',
  },
  'progress.empty.go': { zh: '去练习', en: 'Go to Practice' },
  'progress.measured': {
    zh: '读取 {n} 条记录用时 {load} 毫秒，统计用时 {stats} 毫秒。',
    en: 'Answers read: {n}, in {load} ms; statistics in {stats} ms.',
  },

  // Totals
  'progress.totals': { zh: '总览', en: 'Overview' },
  'progress.totals.attempts': { zh: '答题数', en: 'Answers' },
  'progress.totals.accuracy': { zh: '正确率', en: 'Accuracy' },
  'progress.totals.correctOf': { zh: '对 {correct} / {n}', en: '{correct} of {n} right' },
  'progress.totals.streak': { zh: '连续练习', en: 'Streak' },
  'progress.totals.days': { zh: '{n} 天', en: '{n} days' },
  'progress.totals.day': { zh: '{n} 天', en: '{n} day' },
  'progress.totals.streakToday': { zh: '今天已练习', en: 'practised today' },
  'progress.totals.streakNotToday': { zh: '今天还没练习', en: 'not yet today' },
  'progress.totals.longest': { zh: '最长连续', en: 'Longest streak' },
  'progress.totals.daysPractised': { zh: '练习天数', en: 'Days practised' },
  'progress.totals.time': { zh: '答题用时', en: 'Time answering' },
  'progress.totals.minutes': { zh: '{n} 分钟', en: '{n} min' },
  'progress.totals.replays': { zh: '重听 / 提示', en: 'Replays / hints' },
  'progress.totals.since': { zh: '自 {date} 起', en: 'since {date}' },

  // Accuracy breakdowns
  'progress.accuracy': { zh: '各项正确率', en: 'Accuracy by category' },
  'progress.byPattern': {
    zh: '按调式（只计需要答调式的题）',
    en: 'By pattern (questions that asked for it)',
  },
  'progress.byType': { zh: '按音阶类型', en: 'By scale type' },
  'progress.byKind': { zh: '按题型', en: 'By question kind' },
  'progress.cell': { zh: '{pct}%（{correct}/{n}）', en: '{pct}% ({correct}/{n})' },
  'progress.none': { zh: '未练习', en: 'not asked' },
  'progress.kind.pattern': { zh: '调式（已给主音）', en: 'Pattern (tonic given)' },
  'progress.kind.tonic-pattern': { zh: '主音 + 调式', en: 'Tonic + pattern' },
  'progress.kind.same-system': { zh: '同宫系统', en: 'Same system (同宫)' },
  'progress.kind.same-tonic': { zh: '同主音', en: 'Same tonic (同主音)' },
  'progress.kind.type': { zh: '音阶类型', en: 'Scale type' },

  // Chart
  'progress.chart': { zh: '正确率变化', en: 'Accuracy over time' },
  'progress.chart.by': { zh: '显示', en: 'Show' },
  'progress.chart.dim.total': { zh: '总体', en: 'Overall' },
  'progress.chart.dim.pattern': { zh: '按调式', en: 'By pattern' },
  'progress.chart.dim.type': { zh: '按音阶类型', en: 'By scale type' },
  'progress.chart.dim.kind': { zh: '按题型', en: 'By question kind' },
  'progress.chart.bucket': { zh: '每个点', en: 'Each point' },
  'progress.chart.day': { zh: '一天', en: 'a day' },
  'progress.chart.week': { zh: '一周', en: 'a week' },
  'progress.chart.total': { zh: '总体', en: 'Overall' },
  'progress.chart.summary': {
    zh: '{from} 至 {to}，共 {count} 个时段。空缺的时段没有画点（不是零）。',
    en: '{from} to {to}; periods: {count}. Periods without answers have no point (not a zero).',
  },
  'progress.chart.table': { zh: '以表格查看数据', en: 'Show the data as a table' },
  'progress.chart.period': { zh: '时段', en: 'Period' },
  'progress.chart.point': {
    zh: '{name}，{date}：{pct}%（{n} 题）',
    en: '{name}, {date}: {pct}% ({n} answered)',
  },
  'progress.chart.onePoint': {
    zh: '只有一个时段的数据；多练几天就能看到变化。',
    en: 'Only one period so far; practise on more days to see a trend.',
  },

  // Confusion matrix
  'progress.confusion': { zh: '调式混淆矩阵', en: 'Pattern confusion matrix' },
  'progress.confusion.caption': {
    zh: '行是正确调式，列是你的回答；颜色越深占该行比例越大。对角线是答对的。',
    en: 'Rows are the true pattern, columns your answer; the darker, the larger its share of the row. The diagonal is right.',
  },
  'progress.confusion.truth': { zh: '正确 ＼ 回答', en: 'Truth \\ answer' },
  'progress.confusion.rowTotal': { zh: '合计', en: 'Total' },
  'progress.confusion.cell': {
    zh: '正确为{truth}，答成{answer}：{n} 次（占 {pct}%）',
    en: 'True {truth}, answered {answer}: {n} ({pct}% of the row)',
  },
  'progress.confusion.empty': {
    zh: '还没有需要回答调式的题。',
    en: 'No question has asked for the pattern yet.',
  },

  // Tonic errors
  'progress.tonic': { zh: '主音错误分析', en: 'Tonic errors' },
  'progress.tonic.summary': {
    zh: '需要答主音的题 {asked} 道，主音答错 {wrong} 道。',
    en: 'Questions asking for the tonic: {asked}; the tonic was wrong in {wrong}.',
  },
  'progress.tonic.none': { zh: '还没有需要回答主音的题。', en: 'No question has asked for the tonic yet.' },
  'progress.tonic.perfect': { zh: '主音全部答对！', en: 'Every tonic right!' },
  'progress.tonic.sameSystem': {
    zh: '同宫系统内的错（音对了，主音错了）',
    en: 'Within the same system (right notes, wrong tone of rest)',
  },
  'progress.tonic.otherSystem': { zh: '换了宫系统的错', en: 'In another system' },
  'progress.tonic.patternRight': {
    zh: '调式对、主音错（听出了调式，音高定错了）',
    en: 'Pattern right, tonic wrong (heard the mode, misplaced its pitch)',
  },
  'progress.tonic.intervals': {
    zh: '答出的主音比正确主音高几个半音',
    en: 'How far above the true tonic the answered one was (semitones)',
  },
  'progress.tonic.intervalLabel': {
    zh: '高 {n} 个半音：{count} 次',
    en: 'Up {n} (semitones): {count}×',
  },

  // Mastery
  'progress.mastery': { zh: '阶梯掌握情况', en: 'Mastery of the ladder' },
  'progress.mastery.rule': {
    zh: '最近 20 题中对 18 题即为掌握，并解锁下一阶段。自由练习不计入。',
    en: '18 right of the last 20 masters a rung and unlocks the next. Free practice does not count.',
  },
  'progress.mastery.recent': {
    zh: '最近 {total} 题对 {correct} 题',
    en: '{correct} right of the last {total}',
  },
  'progress.mastery.all': { zh: '共 {attempts} 题', en: '{attempts} in all' },
  'progress.mastery.mastered': { zh: '已掌握', en: 'Mastered' },
  'progress.mastery.everMastered': { zh: '曾掌握', en: 'Was mastered' },
  'progress.mastery.unlocked': { zh: '已解锁', en: 'Unlocked' },
  'progress.mastery.locked': { zh: '未解锁', en: 'Locked' },
  'progress.mastery.progressLabel': { zh: '{name} 掌握进度', en: '{name}: progress to mastery' },

  // Weak spots
  'progress.weak': { zh: '最需要练习的地方', en: 'Your weakest spots' },
  'progress.weak.none': {
    zh: '还没有明显的弱项（每项至少答 5 题才会统计）。',
    en: 'No weak spot yet (each needs at least 5 answers to count).',
  },
  'progress.weak.pattern': { zh: '{name}调式', en: 'The {name} pattern' },
  'progress.weak.type': { zh: '音阶类型：{name}', en: 'Scale type: {name}' },
  'progress.weak.kind': { zh: '题型：{name}', en: 'Question kind: {name}' },
  'progress.weak.confusion': { zh: '把{truth}听成{answer}', en: 'Hearing {truth} as {answer}' },
  'progress.weak.errors': { zh: '{n} 题中错 {errors} 题', en: '{errors} wrong of {n}' },
  'progress.weak.practise': { zh: '练习这些', en: 'Practise these' },
  'progress.weak.practiseLabel': { zh: '练习这些：{name}', en: 'Practise these: {name}' },
  'progress.weak.saving': { zh: '正在准备…', en: 'Getting ready…' },
  'progress.error.noStore': {
    zh: '本地存储不可用，无法把练习重点带到练习页。',
    en: 'Local storage is not available, so the focus cannot be handed to the Practice page.',
  },
  'progress.error.quota': {
    zh: '存储空间已满，无法保存练习重点（已有的记录没有丢失）。',
    en: 'Storage is full, so the focus could not be saved (nothing already stored was lost).',
  },
  'progress.error.store': { zh: '无法保存：{message}', en: 'Could not save: {message}' },
} as const
