export const APP_MESSAGES = {
  'app.title': { zh: '五声 · 调式练耳', en: 'Wusheng · Chinese mode ear-trainer' },
  'app.language': { zh: 'English', en: '中文' },
  'nav.analyze': { zh: '分析', en: 'Analyze' },
  'nav.practice': { zh: '练习', en: 'Practice' },
  'nav.progress': { zh: '进度', en: 'Progress' },
  'nav.history': { zh: '历史', en: 'History' },
  'nav.assignments': { zh: '作业', en: 'Assignments' },
  'nav.settings': { zh: '设置', en: 'Settings' },
  'common.dismiss': { zh: '关闭', en: 'Dismiss' },
  'common.cancel': { zh: '取消', en: 'Cancel' },
  'app.reloadNeeded': {
    zh: '五声已在另一个标签页中更新。请重新加载本页，以免丢失之后的记录。',
    en: 'Wusheng was updated in another tab. Reload this page so that what you do next is saved.',
  },
  'app.pageLoadError': {
    zh: '无法加载此页面（离线且尚未缓存？）：{message}',
    en: 'This page could not be loaded (offline and not cached yet?): {message}',
  },
  'app.reload': { zh: '重新加载', en: 'Reload' },
  'app.blocked': {
    zh: '另一个标签页正在使用旧版本的数据。请关闭其他五声标签页。',
    en: 'Another tab is using an older version of the data. Close the other Wusheng tabs.',
  },
  'app.storeError': {
    zh: '无法打开本地存储，这次的练习记录不会被保存：{message}',
    en: 'Local storage could not be opened, so nothing will be saved this time: {message}',
  },
} as const
