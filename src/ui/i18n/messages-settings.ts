// The Settings page: the model server, your data, the language.
export const SETTINGS_MESSAGES = {
  'settings.title': { zh: '设置', en: 'Settings' },
  'settings.model.title': { zh: '模型服务器', en: 'Model server' },
  'settings.model.intro': {
    zh: '微调后的 Qwen2-Audio 模型运行在学校或实验室的 GPU 服务器上（LLaMA-Factory 或 vLLM）。填写它的地址后，分析页可以把选段发给它。音频只发往这里填写的服务器。',
    en: 'The fine-tuned Qwen2-Audio model runs on a school or lab GPU server (LLaMA-Factory or vLLM). Once its address is set, the Analyze page can send it the chosen segment. Audio goes only to the server given here.',
  },
  'settings.field.baseUrl': { zh: '服务器地址', en: 'Server address' },
  'settings.help.baseUrl': {
    zh: '服务器根地址，例如 http://192.168.1.20:8000（可带 /v1）。',
    en: 'The server root, e.g. http://192.168.1.20:8000 (a trailing /v1 is fine).',
  },
  'settings.field.apiKey': { zh: 'API 密钥（可选）', en: 'API key (optional)' },
  'settings.help.apiKey': {
    zh: '只在服务器设置了 API_KEY（LLaMA-Factory）或 --api-key（vLLM）时需要。只保存在本设备，只发给这台服务器，不会进入备份。',
    en: 'Needed only when the server sets API_KEY (LLaMA-Factory) or --api-key (vLLM). Kept on this device only, sent only to this server, never put in backups.',
  },
  'settings.keySaved': { zh: '已保存一个密钥。', en: 'A key is saved.' },
  'settings.clearKey': { zh: '清除密钥', en: 'Clear key' },
  'settings.keyCleared': { zh: '密钥已从本设备删除。', en: 'The key was removed from this device.' },
  'settings.field.model': { zh: '模型名称', en: 'Model name' },
  'settings.help.model': {
    zh: 'vLLM 的 --served-model-name（LLaMA-Factory 不检查它）。',
    en: "vLLM's --served-model-name (LLaMA-Factory does not check it).",
  },
  'settings.field.protocol': { zh: '协议', en: 'Protocol' },
  'settings.help.protocol': {
    zh: 'LLaMA-Factory 只接受 audio_url 形式的音频；vLLM 使用 input_audio。',
    en: 'LLaMA-Factory accepts audio only as audio_url; vLLM gets input_audio.',
  },
  'settings.field.question': { zh: '提问', en: 'Question' },
  'settings.help.question': {
    zh: '模型是用“这段音乐是什么调式?”微调的，改动可能降低准确度。',
    en: 'The model was fine-tuned on "这段音乐是什么调式?"; changing it may make answers worse.',
  },
  'settings.preset.label': { zh: '预设', en: 'Preset' },
  'settings.preset.choose': { zh: '选择一个预设…', en: 'Choose a preset…' },
  'settings.preset.custom': { zh: '（自定义）', en: '(custom)' },
  'settings.preset.help': {
    zh: '填入协议、模型名、问题和系统提示；服务器地址和密钥不变。五声不对这些模型回答得好坏作任何保证，请用批量评测自己衡量。',
    en: 'Fills in the protocol, model name, question and system prompt; the address and key stay. Wusheng claims nothing about how well these models answer: measure it with batch evaluation.',
  },
  'settings.resetQuestion': { zh: '恢复默认提问', en: 'Restore the default question' },
  'settings.field.systemPrompt': { zh: '系统提示（可选）', en: 'System prompt (optional)' },
  'settings.field.timeout': { zh: '超时（秒）', en: 'Timeout (seconds)' },
  'settings.help.timeout': {
    zh: '每次尝试等待回答的最长时间，{min}–{max} 秒。',
    en: 'How long each attempt waits for the answer, {min}–{max} s.',
  },
  'settings.field.stream': {
    zh: '流式显示回答（边生成边显示）',
    en: 'Stream the answer (show text as it is generated)',
  },
  'settings.save': { zh: '保存', en: 'Save' },
  'settings.saving': { zh: '正在保存…', en: 'Saving…' },
  'settings.saved': { zh: '已保存。', en: 'Saved.' },
  'settings.unsaved': { zh: '有未保存的更改。', en: 'There are unsaved changes.' },
  'settings.revert': { zh: '撤销更改', en: 'Undo changes' },
  'settings.saveFailed': { zh: '保存失败：{message}', en: 'Could not save: {message}' },
  'settings.notPersisted': {
    zh: '本地存储不可用：设置只在本次访问中有效。',
    en: 'Local storage is unavailable: settings last for this visit only.',
  },
  'settings.test': { zh: '测试连接', en: 'Test connection' },
  'settings.testing': { zh: '正在测试…', en: 'Testing…' },
  'settings.testNote': {
    zh: '测试的是表单里现在填的内容（不必先保存），会发送 0.5 秒的静音。',
    en: 'Tests what the form holds now (no need to save first), by sending 0.5 s of silence.',
  },
  'settings.verdict.ok': {
    zh: '连接正常：模型在 {ms} 毫秒内回答了。',
    en: 'Connected: the model answered in {ms} ms.',
  },
  'settings.verdict.invalid-settings': {
    zh: '设置还有问题，请先修正上面标出的字段。',
    en: 'The settings have problems: fix the fields marked above first.',
  },
  'settings.verdict.models': { zh: '服务器提供的模型：{models}', en: 'Models the server serves: {models}' },
  'settings.verdict.flavour.vllm': { zh: '看起来是 vLLM 服务器。', en: 'This looks like a vLLM server.' },
  'settings.verdict.flavour.llamafactory': {
    zh: '看起来是 LLaMA-Factory 服务器。',
    en: 'This looks like a LLaMA-Factory server.',
  },
  'settings.problem.required.baseUrl': {
    zh: '请填写服务器地址，例如 http://192.168.1.20:8000。',
    en: 'Give the server address, e.g. http://192.168.1.20:8000.',
  },
  'settings.problem.required.model': {
    zh: '请填写服务器提供的模型名称（例如 cnpm）。',
    en: 'Give the model name the server serves (e.g. cnpm).',
  },
  'settings.problem.required.question': { zh: '提问不能为空。', en: 'The question cannot be empty.' },
  'settings.problem.invalid-url': {
    zh: '这不是一个完整的网址：请带上 http:// 或 https://，例如 http://192.168.1.20:8000。',
    en: 'This is not a full address: include http:// or https://, e.g. http://192.168.1.20:8000.',
  },
  'settings.problem.not-http': {
    zh: '地址必须以 http:// 或 https:// 开头。',
    en: 'The address must start with http:// or https://.',
  },
  'settings.problem.credentials-in-url': {
    zh: '不要把用户名或密码写进地址；密钥请填在 API 密钥栏。',
    en: 'Do not put a user name or password in the address; put the key in the API key field.',
  },
  'settings.problem.query-in-url': {
    zh: '地址里不能有 ? 或 #：只填服务器根地址。',
    en: 'The address must not contain ? or #: give the server root only.',
  },
  'settings.problem.endpoint-in-url': {
    zh: '请填服务器根地址，而不是某个接口：改为 {root}。',
    en: 'Give the server root, not an endpoint: use {root}.',
  },
  'settings.problem.mixed-content': {
    zh: '本页通过 https 打开，浏览器会拦截发往 http:// 服务器的请求。请让模型服务器走 https（例如放在反向代理后面），或用 http 打开本应用。',
    en: 'This page is served over https, so the browser blocks requests to an http:// server. Serve the model over https (e.g. behind a reverse proxy) or open the app over http.',
  },
  'settings.problem.invalid-protocol': {
    zh: '请选择协议：LLaMA-Factory API 或 vLLM / OpenAI 兼容。',
    en: 'Choose a protocol: LLaMA-Factory API or vLLM / OpenAI-compatible.',
  },
  'settings.problem.invalid-key': {
    zh: '密钥里有空格、换行或非 ASCII 字符：请重新粘贴。',
    en: 'The key contains spaces, line breaks or non-ASCII characters: paste it again.',
  },
  'settings.problem.invalid-timeout': {
    zh: '超时必须是 {min} 到 {max} 之间的秒数。',
    en: 'The timeout must be a number of seconds from {min} to {max}.',
  },
  'settings.problem.invalid-max-tokens': {
    zh: '最大 token 数必须是 1 到 4096 的整数。',
    en: 'Max tokens must be a whole number from 1 to 4096.',
  },
  'settings.data.title': { zh: '你的数据', en: 'Your data' },
  'settings.data.intro': {
    zh: '所有练习记录、音频片段和设置都只保存在这个浏览器里。备份文件包含它们（不含 API 密钥和待发送的请求）。',
    en: 'All your practice, clips and settings are kept in this browser only. A backup file holds them (without the API key or queued requests).',
  },
  'settings.data.export': { zh: '导出备份', en: 'Export backup' },
  'settings.data.exporting': { zh: '正在导出…', en: 'Exporting…' },
  'settings.data.exported': { zh: '已下载 {name}（{size}）。', en: 'Downloaded {name} ({size}).' },
  'settings.data.exportFailed': { zh: '导出失败：{message}', en: 'Export failed: {message}' },
  'settings.data.import': { zh: '导入备份…', en: 'Import backup…' },
  'settings.data.importing': { zh: '正在检查并导入…', en: 'Checking and importing…' },
  'settings.data.progress.reading': {
    zh: '正在检查备份：已解压 {done} / {total}',
    en: 'Checking the backup: {done} of {total} unpacked',
  },
  'settings.data.progress.saving': {
    zh: '正在保存：{done} / {total} 条记录',
    en: 'Saving: {done} of {total} records',
  },
  'settings.data.damaged.title': { zh: '损坏的记录', en: 'Damaged records' },
  'settings.data.damaged.intro': {
    zh: '这些记录无法读取（可能来自旧版本、出错的版本或被手工改动），因此没有显示在作业页中，其余数据不受影响。可以先导出再删除。',
    en: 'These records cannot be read (written by an older or faulty version, or edited by hand), so the Assignments page leaves them out; the rest of your data is fine. Export them, then delete them.',
  },
  'settings.data.damaged.assignments': { zh: '作业', en: 'Assignment' },
  'settings.data.damaged.results': { zh: '成绩', en: 'Results' },
  'settings.data.damaged.export': { zh: '导出', en: 'Export' },
  'settings.data.damaged.delete': { zh: '删除', en: 'Delete' },
  'settings.data.damaged.failed': {
    zh: '操作没有成功，记录仍在。',
    en: 'That did not work; the record is still there.',
  },
  'settings.data.imported': {
    zh: '已导入 {date} 的备份：新增 {added} 条，跳过 {skipped} 条已有记录。',
    en: 'Imported the backup of {date}: added {added}, skipped {skipped} that were already here.',
  },
  'settings.data.importCounts': {
    zh: '练习 {attempts}，音频 {clips}，复习卡 {cards}，设置 {settings}，作业 {assignments}，成绩 {results}（新增）',
    en: 'attempts {attempts}, clips {clips}, review cards {cards}, settings {settings}, assignments {assignments}, results {results} (added)',
  },
  'settings.data.refused': {
    zh: '备份被拒绝，现有数据没有改动。',
    en: 'The backup was refused; your existing data is untouched.',
  },
  'settings.data.refusal.too-large': {
    zh: '备份太大：文件或解压后的内容超过了上限。',
    en: 'The backup is too large: the file, or what it unpacks to, is over the limit.',
  },
  'settings.data.refusal.too-many-entries': {
    zh: '备份里的文件太多，超过了上限。',
    en: 'The backup holds more files than a backup may.',
  },
  'settings.data.refusal.zip-corrupt': {
    zh: '备份文件已损坏：其中的文件无法解压，或未通过校验（CRC）。',
    en: 'The backup file is damaged: a file in it cannot be unpacked or fails its checksum (CRC).',
  },
  'settings.data.refusal.zip-bomb': {
    zh: '备份里的文件解压后比它声明的大：文件已损坏，或是被故意做成会耗尽内存的样子。',
    en: 'A file in the backup unpacks to more than it declares: the backup is damaged, or was made to exhaust memory.',
  },
  'settings.data.refusal.zip-unsupported': {
    zh: '备份用了不支持的 zip 功能（加密、ZIP64 或特殊压缩方式）。',
    en: 'The backup uses a zip feature Wusheng does not read (encryption, ZIP64 or an unusual compression method).',
  },
  'settings.data.refusal.unsafe-path': {
    zh: '备份里有不安全的文件路径，已拒绝。',
    en: 'The backup contains an unsafe file path and was refused.',
  },
  'settings.data.refusal.not-a-zip': {
    zh: '这不是五声的备份文件（不是 zip）。',
    en: 'This is not a Wusheng backup (not a zip file).',
  },
  'settings.data.refusal.no-manifest': {
    zh: '压缩包里没有 backup.json，不是五声的备份。',
    en: 'The zip has no backup.json: it is not a Wusheng backup.',
  },
  'settings.data.refusal.bad-json': {
    zh: 'backup.json 不是有效的 JSON：备份已损坏或被改动过。',
    en: 'backup.json is not valid JSON: the backup is damaged or was edited.',
  },
  'settings.data.refusal.not-a-backup': { zh: '这不是五声的备份文件。', en: 'This is not a Wusheng backup.' },
  'settings.data.refusal.future-version': {
    zh: '这个备份来自更新版本的五声：请先更新本应用。',
    en: 'This backup comes from a newer Wusheng: update the app first.',
  },
  'settings.data.refusal.invalid-data': {
    zh: '备份里有不合格的数据。',
    en: 'The backup holds invalid data.',
  },
  'settings.data.refusal.duplicate-id': {
    zh: '备份里有重复的记录。',
    en: 'The backup holds duplicate records.',
  },
  'settings.data.refusal.missing-audio': {
    zh: '备份缺少音频文件。',
    en: 'The backup is missing audio files.',
  },
  'settings.data.refusal.unexpected-file': {
    zh: '备份里有不该有的文件。',
    en: 'The backup holds unexpected files.',
  },
  'settings.data.refusal.damaged-audio': {
    zh: '备份里的音频已损坏（校验不符）。',
    en: 'Audio in the backup is damaged (checksum mismatch).',
  },
  'settings.data.refusal.secret-setting': {
    zh: '备份里含有密钥，出于安全不予导入。',
    en: 'The backup carries a secret key and is refused for safety.',
  },
  'settings.data.refusal.unknown-setting': {
    zh: '备份里有这个版本的五声不认识的设置“{setting}”。',
    en: 'The backup holds a setting this version of Wusheng does not know: “{setting}”.',
  },
  'settings.data.refusal.bad-setting': {
    zh: '备份里的设置“{setting}”的值无法读取：备份已损坏或被改动过。',
    en: 'The backup’s setting “{setting}” has a value Wusheng cannot read: the backup is damaged or was edited.',
  },
  'settings.data.refusal.store-quota': {
    zh: '存储空间不足，什么都没有写入。',
    en: 'Not enough storage space; nothing was written.',
  },
  'settings.data.refusal.other': { zh: '无法导入。', en: 'The backup could not be imported.' },
  'settings.data.noStore': {
    zh: '本地存储不可用，无法备份或导入。',
    en: 'Local storage is unavailable, so there is nothing to back up or import into.',
  },
  'settings.data.persistence': { zh: '持久存储', en: 'Persistent storage' },
  'settings.data.persistence.granted': {
    zh: '已获准：浏览器不会在空间紧张时自动清除这些数据。',
    en: 'Granted: the browser will not clear this data when space runs low.',
  },
  'settings.data.persistence.denied': {
    zh: '未获准：空间紧张时浏览器可能清除这些数据，请定期导出备份。',
    en: 'Not granted: the browser may clear this data when space runs low, so export backups now and then.',
  },
  'settings.data.persistence.unsupported': {
    zh: '这个浏览器不支持持久存储，请定期导出备份。',
    en: 'This browser does not support persistent storage; export backups now and then.',
  },
  'settings.data.persistence.unknown': { zh: '尚未知道。', en: 'Not known yet.' },
  'settings.data.usage': {
    zh: '已用 {used}，浏览器允许最多约 {quota}（navigator.storage.estimate 估计值）。',
    en: '{used} used of about {quota} the browser allows (estimate from navigator.storage.estimate).',
  },
  'settings.data.usageUnknown': {
    zh: '这个浏览器不报告存储用量。',
    en: 'This browser does not report storage usage.',
  },
  'settings.language.title': { zh: '界面语言', en: 'Language' },
  'settings.language.label': { zh: '界面语言', en: 'Interface language' },
} as const
