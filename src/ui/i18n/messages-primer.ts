// The primer: a first visit's orientation, each point with a scale and a short melody to play.
export const PRIMER_MESSAGES = {
  'nav.primer': { zh: '入门', en: 'Primer' },
  'primer.title': { zh: '五声调式入门', en: 'A primer on the Chinese pentatonic modes' },
  'primer.intro': {
    zh: '先听，再认。每一节都有可以播放的音阶和一段短旋律；读完就可以去练习。',
    en: 'Listen first, then name. Every point has a scale and a short melody to play; then go and practise.',
  },
  'primer.contents': { zh: '目录', en: 'Contents' },
  'primer.tones.title': { zh: '五个音：宫、商、角、徵、羽', en: 'The five tones: gong, shang, jue, zhi, yu' },
  'primer.tones.body': {
    zh: '五声音阶由五个音组成：宫、商、角、徵、羽，简谱记作 1、2、3、5、6。以 C 为宫，就是 C、D、E、G、A。音阶里没有半音，所以听起来开阔、平稳。',
    en: 'The pentatonic collection has five tones: 宫 gong, 商 shang, 角 jue, 徵 zhi and 羽 yu, jianpu 1 2 3 5 6. With C as 宫 they are C D E G A. There are no semitones, which gives the open, even sound.',
  },
  'primer.modes.title': { zh: '五种调式：哪个音是主音', en: 'Five modes: which tone is the tonic' },
  'primer.modes.body': {
    zh: '同样五个音，以哪个音为主音（停留、结束的音），就是哪种调式：以宫为主音是宫调式，以商为主音是商调式，依此类推。下面五个调式都用 C 宫的五个音，只是主音不同。',
    en: 'The same five tones make five modes, each named by the tone the music rests and ends on, its tonic: gong as the tonic makes the gong mode, shang the shang mode, and so on. The five below all use the notes of the C gong system; only the tonic differs.',
  },
  'primer.third.title': { zh: '宫–角大三度：找到宫', en: 'The 宫–角 major third finds 宫' },
  'primer.third.body': {
    zh: '五声音阶里只有一处大三度：从宫到角（C 宫里是 C–E）。听出这个大三度，就知道宫在哪里，也就知道整套音，即“同宫系统”。其余相邻的音之间都是大二度或小三度。下面先听 C 宫的宫–角，再听 G 宫的（G–B）。',
    en: 'There is only one major third in the collection: from 宫 up to 角 (C–E in the C system). Hear that third and you know where 宫 is, and so the whole set of notes, its 宫 system. Every other step between neighbours is a whole tone or a minor third. Hear the 宫–角 of C, then of G (G–B).',
  },
  'primer.third.play': { zh: '▶ 宫–角 {gong}–{jue}', en: '▶ 宫–角 {gong}–{jue}' },
  'primer.tonic.title': { zh: '主音是怎么听出来的', en: 'How the tonic is heard' },
  'primer.tonic.body': {
    zh: '主音是“落脚”的音：乐句和全曲常常结束在主音上，结束的音往往又长又稳。一首完整的曲子，最后一个音（结音）通常就决定了调式。从曲子中间截出的片段，最后一个音不一定是主音，要从乐句的结尾、长音和旋律常常停靠的音来判断。下面两段旋律用的是同样的音，一段停在 A（羽），一段停在 C（宫）；打开持续音，听哪一段在它上面“落了地”。',
    en: 'The tonic is the tone of rest: phrases and whole pieces usually end on it, often on a long, stressed note. In a whole piece the final note names the mode. An excerpt from the middle of a piece may stop elsewhere; then listen for phrase endings, long notes and the tone the melody keeps coming back to. The two melodies below use the same notes; one comes to rest on A (羽 yu), the other on C (宫 gong). Turn on the drone and hear which one lands on it.',
  },
  'primer.confusions.title': { zh: '同宫系统与同主音', en: 'Same system (同宫系统) and same tonic (同主音)' },
  'primer.confusions.body': {
    zh: '同宫系统：音完全相同，主音不同，比如 C 宫调式和 A 羽调式，要听的是哪个音是停留的音。同主音：主音相同，音不同，比如 A 羽调式（C 宫系统）和 A 宫调式（A 宫系统），要听的是宫–角大三度落在哪里。这两种混淆最常见，也最值得练习。',
    en: 'Same system: the same notes with a different tonic, such as C gong and A yu; listen for the tone of rest. Same tonic: the same tonic with different notes, such as A yu (C gong system) and A gong (A gong system); listen for where the 宫–角 third lies. These are the two most common confusions, and the two most worth drilling.',
  },
  'primer.extra.title': { zh: '六声与七声：偏音', en: 'Six and seven tones: the extra tones (偏音)' },
  'primer.extra.body': {
    zh: '五声之外还可以加入偏音：清角（比宫高纯四度，简谱 4）、变宫（比宫低半音，7）、变徵（#4）和闰（b7）。加一个偏音是六声，加两个是七声：雅乐加变徵和变宫，清乐加清角和变宫，燕乐加清角和闰。偏音多在弱拍和短音上出现，骨架仍是五声。',
    en: 'Extra tones (偏音) can join the five: 清角 qingjue (a fourth above 宫, jianpu 4), 变宫 biangong (a semitone below 宫, 7), 变徵 bianzhi (#4) and 闰 run (b7). One extra tone makes six tones, two make seven: yayue adds bianzhi and biangong, qingyue qingjue and biangong, yanyue qingjue and run. Extra tones mostly fall on weak beats and short notes; the frame stays pentatonic.',
  },
  'primer.scale': { zh: '▶ 音阶', en: '▶ Scale' },
  'primer.melody': { zh: '▶ 旋律', en: '▶ Melody' },
  'primer.stop': { zh: '■ 停止', en: '■ Stop' },
  'primer.drone': { zh: '主音持续音 {note}', en: 'Drone on {note}' },
  'primer.notes': { zh: '音：{notes}', en: 'Notes: {notes}' },
  'primer.go': { zh: '去练习 →', en: 'Go and practise →' },
  'primer.playError': { zh: '无法播放声音。', en: 'Could not play sound.' },
  'primer.first': {
    zh: '第一次来？五声调式靠耳朵认：先花五分钟听听入门，再去练习。',
    en: 'New here? The modes are learnt by ear: spend five minutes on the primer, then practise.',
  },
  'primer.first.read': { zh: '读入门 →', en: 'Read the primer →' },
  'primer.first.practice': { zh: '直接练习', en: 'Go straight to practice' },
  'primer.link': { zh: '不熟悉五声调式？先看入门', en: 'New to the modes? Read the primer' },
  'primer.linkShort': { zh: '入门：调式怎么听', en: 'Primer: how to hear the modes' },
} as const
