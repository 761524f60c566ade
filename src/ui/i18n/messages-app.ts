export const APP_MESSAGES = {
  'app.title': { zh: '五声 · 调式练耳', en: 'Wusheng · Chinese mode ear-trainer' },
  'app.language': { zh: 'English', en: '中文' },
  'nav.analyze': { zh: '分析', en: 'Analyze' },
  'nav.practice': { zh: '练习', en: 'Practice' },
  'nav.progress': { zh: '进度', en: 'Progress' },
  'nav.history': { zh: '历史', en: 'History' },
  'nav.assignments': { zh: '作业', en: 'Assignments' },
  'nav.settings': { zh: '设置', en: 'Settings' },
  'common.comingSoon': { zh: '此页面尚在开发中。', en: 'This page is not built yet.' },
  'common.dismiss': { zh: '关闭', en: 'Dismiss' },
  'common.cancel': { zh: '取消', en: 'Cancel' },
} as const
