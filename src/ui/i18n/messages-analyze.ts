export const ANALYZE_MESSAGES = {
  'analyze.load.title': { zh: '音频', en: 'Audio' },
  'analyze.load.pick': { zh: '选择音频文件…', en: 'Choose an audio file…' },
  'analyze.load.drop': {
    zh: '或把文件拖到这里（wav、mp3、ogg、flac、m4a、webm）',
    en: 'or drop a file here (wav, mp3, ogg, flac, m4a, webm)',
  },
  'analyze.load.loading': { zh: '正在解码…', en: 'Decoding…' },
  'analyze.record.start': { zh: '● 录音', en: '● Record' },
  'analyze.record.stop': { zh: '■ 停止录音', en: '■ Stop recording' },
  'analyze.record.cancel': { zh: '放弃录音', en: 'Discard' },
  'analyze.record.recording': { zh: '正在录音 {seconds} 秒', en: 'Recording {seconds} s' },
  'analyze.record.name': { zh: '录音 {time}', en: 'Recording {time}' },
  'analyze.clip.info': { zh: '{name} · 时长 {duration}', en: '{name} · {duration} long' },
  'analyze.wave.play': { zh: '▶ 播放', en: '▶ Play' },
  'analyze.wave.pause': { zh: '❚❚ 暂停', en: '❚❚ Pause' },
  'analyze.wave.playSegment': { zh: '▶ 播放选段', en: '▶ Play segment' },
  'analyze.wave.zoom': { zh: '缩放', en: 'Zoom' },
  'analyze.wave.spectrogram': { zh: '频谱图', en: 'Spectrogram' },
  'analyze.wave.segment': {
    zh: '选段 {start} – {end}（{length}），拖动或拉伸波形上的选区来改变；最长 30 秒。',
    en: 'Segment {start} – {end} ({length}); drag or stretch the region on the waveform to change it; at most 30 s.',
  },
  'analyze.identify': { zh: '识别调式', en: 'Identify the mode' },
  'analyze.identifying': { zh: '正在分析… {percent}%', en: 'Analyzing… {percent}%' },
  'analyze.cancelled': { zh: '已取消。', en: 'Cancelled.' },
  'analyze.stale': {
    zh: '选段已改变；结果是针对 {start} – {end} 的。',
    en: 'The segment has changed; this result is for {start} – {end}.',
  },
  'analyze.result.title': { zh: '离线分析结果', en: 'Offline analyzer' },
  'analyze.result.confidence': { zh: '调式置信度 {percent}%', en: 'Mode confidence {percent}%' },
  'analyze.result.typeConfidence': {
    zh: '音阶类型：{type}（{percent}% 把握）',
    en: 'Scale type: {type} ({percent}% sure)',
  },
  'analyze.result.midPhrase': {
    zh: '这段停在乐句中间，没有落在终止音上：主音是从上下文推断的，把握较小。',
    en: 'The clip stops mid-phrase, not on a resting note: the tonic is inferred from context, with less certainty.',
  },
  'analyze.result.alternatives': { zh: '其他可能的调式：', en: 'Other modes it could be:' },
  'analyze.result.playScale': { zh: '▶ 播放此调式音阶', en: '▶ Play this scale' },
  'analyze.result.drone': { zh: '此调式主音持续音', en: 'Drone on this tonic' },
  'analyze.result.showInReference': { zh: '在参考音阶中显示', en: 'Show in the reference panel' },
  'analyze.nomode.title': { zh: '未找到调式', en: 'No mode found' },
  'analyze.nomode.silence': { zh: '选段几乎是静音。', en: 'The segment is (almost) silent.' },
  'analyze.nomode.unpitched': {
    zh: '选段里听不出清楚的音高（噪声或打击乐？）。',
    en: 'No clear pitch in the segment (noise or percussion?).',
  },
  'analyze.nomode.too-short': {
    zh: '有音高的部分太短，无法判断。请选择更长的选段。',
    en: 'Too little pitched sound to judge. Choose a longer segment.',
  },
  'analyze.nomode.too-few-tones': {
    zh: '不同的音太少，无法确定宫音。',
    en: 'Too few distinct tones to find 宫 (gong).',
  },
  'analyze.nomode.too-chromatic': {
    zh: '音高分布太过半音化，不像五声调式。',
    en: 'The pitches are too chromatic for a pentatonic mode.',
  },
  'analyze.evidence.title': { zh: '依据', en: 'Evidence' },
  'analyze.evidence.tuning': {
    zh: '整体音准偏移 {cents} 音分（相对 A440）',
    en: 'Tuning offset {cents} cents from A440',
  },
  'analyze.evidence.histogram': { zh: '各音时值分布', en: 'Time spent on each tone' },
  'analyze.evidence.third': {
    zh: '宫–角大三度：{gong} – {jue}（五声中唯一的大三度，由此确定宫音）',
    en: '宫–角 major third: {gong} – {jue} (the only major third in the collection: it fixes 宫)',
  },
  'analyze.evidence.cadences': { zh: '终止音（确定主音）', en: 'Cadence notes (they fix the tonic)' },
  'analyze.evidence.final': { zh: '结束音', en: 'final' },
  'analyze.evidence.lastCut': {
    zh: '最后一个音（片段在此截断，不是终止）',
    en: 'last note (the clip is cut here: no cadence)',
  },
  'analyze.evidence.phrase': { zh: '乐句尾', en: 'phrase end' },
  'analyze.evidence.extra': { zh: '偏音', en: 'Extra tones' },
  // Between the items of an evidence list, and after its heading, in each language's punctuation.
  'analyze.evidence.sep': { zh: '；', en: '; ' },
  'analyze.evidence.colon': { zh: '：', en: ':' },
  'analyze.evidence.noExtra': { zh: '没有偏音：纯五声。', en: 'No extra tones: pure pentatonic.' },
  'analyze.evidence.extraAt': {
    zh: '{tone} 占 {percent}%，出现在 {times}',
    en: '{tone}: {percent}% of the time, at {times}',
  },
  'analyze.evidence.contour': { zh: '音高轮廓（简谱）', en: 'Pitch contour (jianpu)' },
  'audio.error.empty': { zh: '文件是空的（0 字节）。', en: 'The file is empty (0 bytes).' },
  'audio.error.not-audio': { zh: '这不是音频文件。', en: 'This is not an audio file.' },
  'audio.error.truncated': {
    zh: '文件不完整（被截断了），无法解码。',
    en: 'The file is truncated (cut off), so it cannot be decoded.',
  },
  'audio.error.bad-header': {
    zh: '这个 WAV 文件的文件头已损坏（声道、采样率或帧大小自相矛盾），无法读取。',
    en: 'This WAV file’s header is damaged (its channels, sample rate or frame size contradict each other), so it cannot be read.',
  },
  'audio.error.non-finite': {
    zh: '音频已损坏：其中很多采样值不是数字（NaN 或无穷大）。',
    en: 'The audio is damaged: many of its samples are not numbers (NaN or infinity).',
  },
  'audio.error.undecodable': {
    zh: '浏览器无法解码这个文件的格式。',
    en: 'The browser cannot decode this file’s format.',
  },
  'audio.error.too-long': {
    zh: '音频太长：最长 60 分钟。请先剪出需要的部分。',
    en: 'The audio is too long: at most 60 minutes. Cut out the part you want first.',
  },
  'audio.error.too-large': {
    zh: '文件太大：除 WAV 外，最大 200 MB。请转换为 WAV 或先剪短。',
    en: 'The file is too large: at most 200 MB except WAV. Convert it to WAV or cut it first.',
  },
  'audio.error.silent': {
    zh: '这段音频是静音的，听不到任何声音。如果是录音，请检查麦克风是否被静音或选错了输入设备。',
    en: 'The audio is silent: there is nothing to hear. If it was recorded, check that the microphone is not muted and is the right input.',
  },
  'record.error.insecure': {
    zh: '录音需要通过 https 或 localhost 打开本页。',
    en: 'Recording needs this page to be opened over https or on localhost.',
  },
  'record.error.unsupported': { zh: '这个浏览器不支持录音。', en: 'This browser cannot record audio.' },
  'record.error.permission-denied': {
    zh: '没有麦克风权限。请在浏览器地址栏中允许使用麦克风，然后再试。',
    en: 'Microphone permission was denied. Allow the microphone in the browser’s address bar, then try again.',
  },
  'record.error.no-microphone': {
    zh: '没有找到麦克风。请连接麦克风后再试。',
    en: 'No microphone was found. Connect one and try again.',
  },
  'record.error.busy': {
    zh: '麦克风无法打开（可能正被其他程序使用）。',
    en: 'The microphone could not be opened (another program may be using it).',
  },
  'record.error.silent': {
    zh: '录音里什么也听不到：请检查麦克风是否被静音或选错了输入设备。',
    en: 'Nothing was heard in the recording: check that the microphone is not muted and is the right input.',
  },
  'record.error.failed': { zh: '录音失败。', en: 'Recording failed.' },
  'audio.error.unknown': { zh: '出错了。', en: 'Something went wrong.' },
  'audio.error.detail': { zh: '详情：{message}', en: 'Detail: {message}' },
} as const
