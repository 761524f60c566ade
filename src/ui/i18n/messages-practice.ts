export const PRACTICE_MESSAGES = {
  'practice.title': { zh: '练习', en: 'Practice' },
  'practice.loading': { zh: '正在读取你的练习记录…', en: 'Reading your practice history…' },
  'practice.otherTab': {
    zh: '另一个标签页也在用五声练习。两边的答案和复习进度都会保存，不会互相覆盖。',
    en: 'Wusheng is practising in another tab too. Answers and reviews from both tabs are saved; neither overwrites the other.',
  },
  'practice.notSaved': {
    zh: '本地存储不可用：这次练习的进度不会被保存。',
    en: 'Local storage is not available: progress is not being saved.',
  },
  'practice.loadError': {
    zh: '无法读取以前的练习记录（{message}）。可以继续练习，但进度从零开始显示。',
    en: 'Your earlier practice could not be read ({message}). You can practise, but progress starts from zero here.',
  },

  // The ladder
  'practice.ladder': { zh: '进阶阶梯', en: 'Ladder' },
  'practice.rung.current': { zh: '当前阶段：{name}', en: 'Current rung: {name}' },
  'practice.rung.practising': { zh: '正在练习：{name}', en: 'Practising: {name}' },
  'practice.rung.progress': {
    zh: '最近 {total} 题答对 {correct} 题（掌握需最近 20 题中对 18 题）',
    en: '{correct} right of the last {total} (mastery: 18 of the last 20)',
  },
  'practice.rung.progressLabel': { zh: '掌握进度', en: 'Mastery progress' },
  'practice.rung.next': { zh: '下一阶段：{name}', en: 'Next rung: {name}' },
  'practice.rung.locked': { zh: '未解锁', en: 'locked' },
  'practice.rung.unlocked': { zh: '已解锁', en: 'unlocked' },
  'practice.rung.mastered': { zh: '已掌握', en: 'mastered' },
  'practice.rung.last': { zh: '这是最后一个阶段。', en: 'This is the last rung.' },
  'practice.rung.choose': { zh: '选择阶段', en: 'Choose a rung' },
  'practice.rung.follow': { zh: '跟随当前阶段', en: 'Follow the current rung' },
  'practice.rung.attempts': { zh: '{correct}/{attempts} 题', en: '{correct}/{attempts} right' },
  'practice.celebrate': {
    zh: '恭喜！你已掌握「{name}」，下一阶段已解锁。',
    en: 'Well done! You have mastered “{name}” and the next rung is unlocked.',
  },

  // Free practice
  'practice.free': { zh: '自由练习', en: 'Free practice' },
  'practice.free.on': { zh: '自由练习（不计入掌握进度）', en: 'Free practice (not counted towards mastery)' },
  'practice.free.types': { zh: '音阶类型', en: 'Scale types' },
  'practice.free.kinds': { zh: '题型', en: 'Question kinds' },
  'practice.free.source': { zh: '声音来源', en: 'Sound source' },
  'practice.free.start': { zh: '开始自由练习', en: 'Start free practice' },
  'practice.free.back': { zh: '回到阶梯', en: 'Back to the ladder' },
  'practice.free.noKinds': { zh: '请至少选择一种题型。', en: 'Choose at least one question kind.' },
  'practice.free.noTypes': { zh: '请至少选择一种音阶类型。', en: 'Choose at least one scale type.' },
  'practice.free.noClips': {
    zh: '还没有带标签的录音。请先在“作业”中导入录音，或选择旋律或音阶。',
    en: 'There are no labelled recordings yet. Import some in Assignments, or choose melodies or scales.',
  },
  'practice.free.patterns': { zh: '调式（题目的正确答案）', en: 'Patterns (the right answers asked)' },
  'practice.free.noPatterns': { zh: '请至少选择一种调式。', en: 'Choose at least one pattern.' },
  'practice.free.noPatternClips': {
    zh: '没有所选调式的带标签录音。请多选几个调式，或选择旋律或音阶。',
    en: 'There are no labelled recordings in the patterns chosen. Choose more patterns, or melodies or scales.',
  },
  'practice.free.onePattern': {
    zh: '只选了一种调式时，每道题的调式都是它：再加上你容易混淆的那个调式效果更好。',
    en: 'With a single pattern chosen, every answer’s pattern is that one: add the one you confuse it with.',
  },
  'practice.free.oneType': {
    zh: '只选了一种音阶类型时，“音阶类型”题只有一个选项。',
    en: 'With a single scale type chosen, a “scale type” question has only one choice.',
  },
  'practice.source.melody': { zh: '生成的旋律', en: 'Generated melodies' },
  'practice.source.scale': { zh: '参考音阶', en: 'Reference scales' },
  'practice.source.clip': { zh: '录音片段', en: 'Recorded clips' },
  'practice.kind.pattern': { zh: '调式（已给主音）', en: 'Pattern (tonic given)' },
  'practice.kind.tonic-pattern': { zh: '主音 + 调式', en: 'Tonic + pattern' },
  'practice.kind.same-system': { zh: '同宫系统：哪个主音？', en: 'Same system: which tonic?' },
  'practice.kind.same-tonic': { zh: '同主音：哪个调式？', en: 'Same tonic: which pattern?' },
  'practice.kind.type': { zh: '音阶类型', en: 'Scale type' },

  // Focus from the Progress page ("practise these")
  'practice.focus.title': { zh: '专项练习：{name}', en: 'Focused practice: {name}' },
  'practice.focus.back': { zh: '回到阶梯', en: 'Back to the ladder' },
  'practice.focus.region': { zh: '专项练习', en: 'Focused practice' },
  'practice.focus.pair': { zh: '{truth}与{answer}', en: '{truth} vs {answer}' },
  'practice.focus.kind': { zh: '题型“{name}”', en: '“{name}” questions' },
  'practice.focus.patterns': {
    zh: '题目的调式只会是{patterns}',
    en: 'Every question’s pattern is {patterns}',
  },
  'practice.focus.narrowed': {
    zh: '；同宫系统、同主音题只在这几个之间选',
    en: '; 同宫系统 and 同主音 questions offer only these',
  },
  'practice.focus.partner': {
    zh: '加上了{partner}：它是你最常与{pattern}混淆的调式。',
    en: '{partner} is added: it is the pattern you most often confuse {pattern} with.',
  },
  'practice.focus.details': {
    zh: '音阶类型：{types} · 题型：{kinds}',
    en: 'Scale types: {types} · kinds: {kinds}',
  },
  'practice.focus.note': {
    zh: '来自“进度”页的“练习这些”。不计入阶梯的掌握进度；回到阶梯即结束专项练习。',
    en: 'From “Practise these” on the Progress page. Not counted towards the ladder; going back to the ladder ends it.',
  },
  'practice.focus.invalid': {
    zh: '“进度”页留下的专项练习设置无法读取，已忽略；继续按阶梯练习。',
    en: 'The focus left by the Progress page could not be read and was dropped; the ladder goes on.',
  },
  'practice.focus.list': { zh: '、', en: ', ' },
  'practice.focus.or': { zh: '或', en: ' or ' },
  'practice.focus.end': { zh: '。', en: '.' },

  // Sound settings
  'practice.sound': { zh: '声音', en: 'Sound' },
  'practice.timbre': { zh: '音色', en: 'Timbre' },
  'practice.timbre.pluck': { zh: '弹拨（筝）', en: 'Plucked (zheng)' },
  'practice.timbre.soft': { zh: '柔和', en: 'Soft' },
  'practice.tempo': { zh: '速度 {bpm} 拍/分', en: 'Tempo {bpm} bpm' },

  // The question
  'practice.start': { zh: '▶ 开始练习', en: '▶ Start practising' },
  'practice.startHint': {
    zh: '点击开始后，题目会自动播放。用数字键 1–5 选择 宫 商 角 徵 羽，回车键进入下一题。',
    en: 'Press start and the question plays. Keys 1–5 choose 宫 商 角 徵 羽; Enter goes to the next question.',
  },
  'practice.question': { zh: '题目', en: 'Question' },
  'practice.reason.new': { zh: '新题', en: 'New' },
  'practice.reason.review': { zh: '复习（到期）', en: 'Review (due)' },
  'practice.reason.confusion': { zh: '针对你常混淆的调式', en: 'Drill of a confusion of yours' },
  'practice.ask.pattern': {
    zh: '主音是 {tonic}。这是什么调式？',
    en: 'The tonic is {tonic}. Which pattern is it?',
  },
  'practice.ask.tonic-pattern': {
    zh: '主音是哪个音？是什么调式？',
    en: 'Which note is the tonic, and which pattern is it?',
  },
  'practice.ask.same-system': {
    zh: '这些调式都属于{system}宫系统，音完全相同。主音（停留的音）是哪一个？',
    en: 'These modes all share the {system} gong system, the same notes. Which tonic does the music rest on?',
  },
  'practice.ask.same-tonic': {
    zh: '这些调式的主音都是 {tonic}。是哪个调式？',
    en: 'These modes all have the tonic {tonic}. Which pattern is it?',
  },
  'practice.ask.type': { zh: '这是哪种音阶类型？', en: 'Which scale type is it?' },
  'practice.play': { zh: '▶ 播放', en: '▶ Play' },
  'practice.replay': { zh: '↻ 再听一遍', en: '↻ Play again' },
  'practice.stop': { zh: '■ 停止', en: '■ Stop' },
  'practice.playing': { zh: '正在播放…', en: 'Playing…' },
  'practice.droneOn': { zh: '提示：持续音 {note}（开）', en: 'Hint: drone on {note} (on)' },
  'practice.droneOff': { zh: '提示：持续音', en: 'Hint: drone' },
  'practice.droneHelp.tonic': {
    zh: '持续音在已给出的主音上，帮你听各音与主音的关系。',
    en: 'The drone sounds the given tonic, so you can hear each note against it.',
  },
  'practice.droneHelp.gong': {
    zh: '持续音在宫音上：帮你听出宫–角大三度，但主音仍要你自己找。',
    en: 'The drone sounds 宫 (gong): it helps you hear the 宫–角 third, but finding the tonic is still up to you.',
  },
  'practice.counts': { zh: '重听 {replays} 次 · 提示 {hints} 次', en: 'Replays {replays} · hints {hints}' },
  'practice.pattern': { zh: '调式', en: 'Pattern' },
  'practice.tonic': { zh: '主音', en: 'Tonic' },
  'practice.choices': { zh: '选项', en: 'Choices' },
  'practice.submit': { zh: '提交答案 (回车)', en: 'Answer (Enter)' },
  'practice.needBoth': { zh: '请选择主音和调式。', en: 'Choose a tonic and a pattern.' },
  'practice.keyHint': { zh: '按键 {key}', en: 'key {key}' },
  'practice.keys': {
    zh: '键盘：1–5 作答 · 回车 下一题 · 空格或 R 重听 · T 持续音（答后为主音）',
    en: 'Keys: 1–5 answer · Enter next · Space or R replay · T drone (the tonic once answered)',
  },

  // Feedback
  'practice.feedback': { zh: '反馈', en: 'Feedback' },
  'practice.right': { zh: '✓ 答对了', en: '✓ Right' },
  'practice.wrong': { zh: '✗ 答错了', en: '✗ Not quite' },
  'practice.field.tonic': { zh: '主音', en: 'Tonic' },
  'practice.field.pattern': { zh: '调式', en: 'Pattern' },
  'practice.field.type': { zh: '音阶类型', en: 'Scale type' },
  'practice.field.ok': { zh: '对', en: 'right' },
  'practice.field.bad': { zh: '错', en: 'wrong' },
  'practice.truth': { zh: '正确答案', en: 'The answer' },
  'practice.yourAnswer': { zh: '你的答案', en: 'Your answer' },
  'practice.playMine': { zh: '▶ 播放我答的音阶', en: '▶ Play the scale of my answer' },
  'practice.playTruth': { zh: '▶ 播放正确答案的音阶', en: '▶ Play the scale of the right answer' },
  'practice.why': { zh: '为什么', en: 'Why' },
  'practice.next': { zh: '下一题 (回车) →', en: 'Next (Enter) →' },
  'practice.latency.end': {
    zh: '用时 {seconds} 秒（从第一次播放结束算起）',
    en: '{seconds} s to answer (from the end of the first playback)',
  },
  'practice.latency.start': {
    zh: '用时 {seconds} 秒（播放中作答，从第一次播放开始算起）',
    en: '{seconds} s to answer (answered while it played: from the start of the first playback)',
  },
  'practice.latency.shown': {
    zh: '用时 {seconds} 秒（声音没有播放，从出题时算起）',
    en: '{seconds} s to answer (the sound did not play: from when the question appeared)',
  },
  'practice.saving': { zh: '正在保存…', en: 'Saving…' },
  'practice.saved': { zh: '已保存（本次共 {count} 题）', en: 'Saved ({count} this session)' },
  'practice.saveError': {
    zh: '这次的答案没有保存成功，仍保留在本页中。（{message}）',
    en: 'This answer could not be saved; it is kept on this page. ({message})',
  },
  'practice.analyzing': { zh: '分析器正在聆听这段声音…', en: 'The analyzer is listening to this sound…' },
  'practice.analyzerSays': { zh: '分析器听到的是：{label}', en: 'The analyzer heard: {label}' },
  'practice.analyzerDisagrees': {
    zh: '分析器的判断与正确答案不同（分析器也会听错）：以正确答案为准，下面的证据仅供参考。',
    en: 'The analyzer disagrees with the right answer (it can be wrong too): the answer stands; take the evidence below as a hint.',
  },
  'practice.analyzerNoMode': {
    zh: '分析器没能从这段声音中找出调式，下面的解释按标签推算。',
    en: 'The analyzer found no mode in this sound; the explanation below follows the label.',
  },
  'practice.analyzerFailed': {
    zh: '分析器出错，下面的解释按标签推算。',
    en: 'The analyzer failed; the explanation below follows the label.',
  },

  // Why points
  'practice.why.final.tonic': {
    zh: '旋律最后停在 {note}（{tone}）上，这就是主音：主音是“停留”的音。',
    en: 'The music ends on {note} ({tone}): that is the tonic, the tone of rest.',
  },
  'practice.why.final.other': {
    zh: '分析器听到的最后一个音是 {note}，不是主音 {tonic}：注意长音和强拍上的音。',
    en: 'The analyzer heard the last note as {note}, not the tonic {tonic}: listen for the long, stressed notes.',
  },
  'practice.why.final.label': {
    zh: '主音 {note} 通常是最后一个长音。',
    en: 'The tonic {note} is usually the final, long note.',
  },
  'practice.why.third.match': {
    zh: '唯一的大三度 {gong}–{jue} 就是宫–角，所以宫是 {gong}（{system}宫系统）。',
    en: 'The only major third, {gong}–{jue}, is 宫–角: so 宫 is {gong} (the {system} gong system).',
  },
  'practice.why.third.other': {
    zh: '分析器听到的大三度是 {gong}–{jue}；正确答案的宫–角是 {tgong}–{tjue}。',
    en: 'The analyzer heard the major third {gong}–{jue}; the right answer’s 宫–角 is {tgong}–{tjue}.',
  },
  'practice.why.third.label': {
    zh: '宫–角大三度是 {gong}–{jue}：由它找到宫。',
    en: 'The 宫–角 major third is {gong}–{jue}: it tells you where 宫 is.',
  },
  'practice.why.histogram': {
    zh: '各音所占比例中，主音 {tonic} 排第 {rank}；调外音占 {outside}%。',
    en: 'By how much each tone is used, the tonic {tonic} ranks #{rank}; notes outside the scale: {outside}%.',
  },
  'practice.why.extra': {
    zh: '{type}的偏音：{tones}（通常在弱拍、短音上）。',
    en: 'The extra tones of {type}: {tones} (usually short notes on weak beats).',
  },
  'practice.why.sameSystem': {
    zh: '{answered}和{truth}同属{system}宫系统，音完全一样，区别只在停留在哪个音上。{shares}',
    en: '{answered} and {truth} share the {system} gong system, the very same notes: only the tone of rest differs. {shares}',
  },
  'practice.why.sameSystemShares': {
    zh: '这段音乐中 {truthTonic} 占 {ts}%，{answeredTonic} 占 {as}%。',
    en: 'In this music {truthTonic} takes {ts}% and {answeredTonic} {as}%.',
  },
  'practice.why.sameTonic': {
    zh: '主音同为 {tonic}，但音不同：{truth}有 {onlyTruth}，而{answered}有 {onlyAnswer}。',
    en: 'Same tonic {tonic}, different notes: {truth} has {onlyTruth}, while {answered} has {onlyAnswer}.',
  },
  'practice.why.wrongTonic': {
    zh: '你选的主音 {answered} 比正确的 {truth} 高 {interval} 个半音，不在同一个宫系统里。',
    en: 'Your tonic {answered} is above the right one, {truth}, by {interval} (in semitones): another gong system.',
  },
  'practice.why.wrongTonicPattern': { zh: '调式是对的。', en: 'The pattern was right.' },
  'practice.why.wrongType': {
    zh: '只有{truthType}有：{onlyTruth}；只有{answeredType}有：{onlyAnswer}。',
    en: 'Only {truthType} has: {onlyTruth}; only {answeredType} has: {onlyAnswer}.',
  },
  'practice.why.none': { zh: '无', en: 'none' },
  'practice.evidence': { zh: '分析器的证据', en: 'The analyzer’s evidence' },

  // Errors
  'practice.error.noClips': {
    zh: '这个阶段需要带标签的录音，但本机还没有。请先导入录音，或换一个阶段。',
    en: 'This rung needs labelled recordings and there are none on this device yet. Import some, or choose another rung.',
  },
  'practice.error.clipMissing': {
    zh: '这段录音已不在本机上，请换下一题。',
    en: 'This recording is no longer on this device; go on to the next question.',
  },
  'practice.error.audio': { zh: '无法播放声音：{message}', en: 'Could not play sound: {message}' },
  'practice.error.unknown': { zh: '出了点问题：{message}', en: 'Something went wrong: {message}' },
} as const
