// The remote model on the Analyze page, and the failure kinds that Settings' Test connection shares.
export const MODEL_MESSAGES = {
  'model.title': { zh: '远程模型', en: 'Remote model' },
  'model.ask': { zh: '问模型', en: 'Ask the model' },
  'model.askAgain': { zh: '再问一次', en: 'Ask again' },
  'model.notConfigured': {
    zh: '还没有设置模型服务器，所以只能用离线分析。',
    en: 'No model server is set up, so only the offline analyzer is available.',
  },
  'model.goSettings': { zh: '去设置模型服务器', en: 'Set up a model server' },
  'model.server': { zh: '服务器：{server}（{protocol}）', en: 'Server: {server} ({protocol})' },
  'model.preparing': { zh: '正在准备音频（16 kHz 单声道）…', en: 'Preparing the audio (16 kHz mono)…' },
  'model.sending': { zh: '已发送，等待模型回答…', en: 'Sent; waiting for the model…' },
  'model.streaming': { zh: '模型正在回答…', en: 'The model is answering…' },
  'model.retrying': {
    zh: '第 {attempt} 次尝试失败（{reason}），{seconds} 秒后重试…',
    en: 'Attempt {attempt} failed ({reason}); retrying in {seconds} s…',
  },
  'model.cancelled': { zh: '已取消，没有收到回答。', en: 'Cancelled; no answer was received.' },
  'model.raw': { zh: '模型的原话', en: "The model's answer, as written" },
  'model.partial': { zh: '中断前收到的部分：', en: 'What arrived before it stopped:' },
  'model.meta': {
    zh: '用时 {seconds} 秒，{attempts} 次尝试，结束原因：{finish}',
    en: '{seconds} s, {attempts} attempt(s), finish reason: {finish}',
  },
  'model.parsed': { zh: '从回答中读出的调式', en: 'Mode read from the answer' },
  'model.parse.pattern-only': {
    zh: '只说了调式类别：{pattern}（没有说主音）',
    en: 'Names only the pattern: {pattern} (no tonic)',
  },
  'model.parse.ambiguous': {
    zh: '回答提到了不止一个调式：{candidates}，无法判定是哪一个。',
    en: 'The answer names more than one mode ({candidates}) and does not settle on one.',
  },
  'model.parse.none': { zh: '回答里没有找到调式名称。', en: 'No mode name was found in the answer.' },
  'model.analyzer': { zh: '离线分析', en: 'Offline analyzer' },
  'model.analyzer.none': {
    zh: '还没有离线分析结果：点“识别调式”来对比。',
    en: 'No offline result yet: press "Identify the mode" to compare.',
  },
  'model.analyzer.nomode': { zh: '离线分析未找到调式', en: 'The offline analyzer found no mode' },
  'model.agree.agree': { zh: '一致', en: 'Agree' },
  'model.agree.agree-pattern': {
    zh: '调式类别一致（模型未给主音）',
    en: 'Same pattern (the model gave no tonic)',
  },
  'model.agree.differ-tonic': { zh: '主音不同', en: 'Differ on the tonic' },
  'model.agree.differ-pattern': { zh: '调式类别不同', en: 'Differ on the pattern' },
  'model.agree.differ-both': { zh: '主音和调式类别都不同', en: 'Differ on tonic and pattern' },
  'model.agree.no-label': { zh: '回答中没有调式', en: 'No mode in the answer' },
  'model.agree.no-analyzer': { zh: '无从比较', en: 'Nothing to compare with' },
  'model.agreement': { zh: '与离线分析比较', en: 'Compared with the offline analyzer' },
  'model.stale': {
    zh: '这个回答针对的是“{name}”的 {start} – {end}。',
    en: 'This answer is for "{name}", {start} – {end}.',
  },
  'model.error.title': { zh: '没有得到模型的回答', en: 'No answer from the model' },
  'model.error.hint': { zh: '建议（英文）：{hint}', en: 'Suggestion: {hint}' },
  'model.error.network': {
    zh: '连不上模型服务器（网络断开、地址或端口错误，或浏览器因跨域规则拦截）。',
    en: 'Could not reach the model server (network down, wrong address or port, or blocked by the browser’s CORS rules).',
  },
  'model.error.cors': {
    zh: '服务器能连上，但浏览器拦截了它的回复（跨域 CORS）。',
    en: 'The server is reachable, but the browser blocked its reply (CORS).',
  },
  'model.error.auth': {
    zh: '服务器拒绝了访问：API 密钥缺失或错误。',
    en: 'The server refused access: the API key is missing or wrong.',
  },
  'model.error.not-found': {
    zh: '这个地址上没有聊天接口（404）：请检查服务器地址。',
    en: 'No chat endpoint at this address (404): check the server address.',
  },
  'model.error.model-not-found': {
    zh: '服务器上没有这个模型名称。',
    en: 'The server does not serve a model by this name.',
  },
  'model.error.too-large': {
    zh: '服务器认为请求太大（413）：请选更短的片段。',
    en: 'The server refused the request as too large (413): choose a shorter segment.',
  },
  'model.error.rate-limited': { zh: '服务器正忙（429）。', en: 'The server is busy (429).' },
  'model.error.retryAt': {
    zh: '服务器请你在 {time}（约 {seconds} 秒后）再试。',
    en: 'The server asks you to try again at {time} (in about {seconds} s).',
  },
  'model.error.retryLater': {
    zh: '服务器没有告诉浏览器何时重试（跨域时浏览器读不到 Retry-After 头，除非服务器用 Access-Control-Expose-Headers 公开它）。请过一会儿再试。',
    en: 'The server did not tell the browser when to retry (across origins the browser cannot read Retry-After unless the server exposes it with Access-Control-Expose-Headers). Try again in a while.',
  },
  'model.error.server': {
    zh: '模型服务器内部出错（5xx）。',
    en: 'The model server failed (5xx).',
  },
  'model.error.timeout': {
    zh: '模型在设定的时间内没有回答。',
    en: 'The model did not answer within the timeout.',
  },
  'model.error.aborted': { zh: '请求已取消。', en: 'The request was cancelled.' },
  'model.error.bad-reply': {
    zh: '服务器的回复不是聊天补全格式（可能不是 LLaMA-Factory 或 vLLM 服务器）。',
    en: 'The reply is not a chat completion (this may not be a LLaMA-Factory or vLLM server).',
  },
  'model.error.cut-off': {
    zh: '回答传到一半连接断了。',
    en: 'The answer was cut off halfway.',
  },
  'model.error.too-long': {
    zh: '回复太长，已拒收（大概不是微调后的模型）。',
    en: 'The reply was too long and was refused (probably not the fine-tuned model).',
  },
  'model.error.bad-request': {
    zh: '服务器拒绝了这个请求（协议可能选错了）。',
    en: 'The server rejected the request (perhaps the wrong protocol is chosen).',
  },
  'model.error.prepare': {
    zh: '无法把选段转换成模型需要的音频。',
    en: 'The segment could not be converted to the audio the model takes.',
  },
  'model.error.storage': { zh: '本地存储出错。', en: 'Local storage failed.' },
  'model.offline': {
    zh: '设备处于离线状态：请求没有发送。',
    en: 'This device is offline: the request was not sent.',
  },
  'model.queueOffer': {
    zh: '可以把它排队（音频保存在本设备），联网后自动发送；不排队则不会发送。',
    en: 'You can queue it (the audio stays on this device) and it is sent when the network returns; otherwise it is not sent.',
  },
  'model.queue': { zh: '排队，联网后发送', en: 'Queue it, send when online' },
  'model.queued': {
    zh: '已排队：联网后会自动发送，回答会显示在这里。',
    en: 'Queued: it is sent automatically when the network returns, and the answer appears here.',
  },
  'model.notQueued.no-store': {
    zh: '无法排队：本地存储不可用。请求没有发送。',
    en: 'Cannot queue: local storage is unavailable. The request was not sent.',
  },
  'model.notQueued.full': {
    zh: '无法排队：队列已满（最多 {max} 个）。请求没有发送。',
    en: 'Cannot queue: the queue is full (at most {max}). The request was not sent.',
  },
  'model.notQueued.storage': {
    zh: '无法排队，请求没有发送：{detail}',
    en: 'Could not queue it, so it was not sent: {detail}',
  },
  'model.outbox.count': { zh: '{n} 个请求等待发送', en: '{n} queued' },
  'model.outbox.title': { zh: '等待发送的请求', en: 'Queued requests' },
  'model.outbox.sendNow': { zh: '立即发送', en: 'Send now' },
  'model.outbox.offline': {
    zh: '仍然离线：联网后会自动发送。',
    en: 'Still offline: it is sent automatically when the network returns.',
  },
  'model.outbox.sending': { zh: '正在发送…', en: 'Sending…' },
  'model.outbox.discard': { zh: '删除', en: 'Discard' },
  'model.outbox.item': { zh: '{name}，排队于 {time}', en: '{name}, queued at {time}' },
  'model.outbox.unnamed': { zh: '一个选段', en: 'A segment' },
  'model.outbox.waiting': { zh: '已尝试 {attempts} 次', en: '{attempts} attempt(s) so far' },
  'model.outbox.gaveUp': {
    zh: '未发送，已放弃：{error}',
    en: 'Not sent, given up: {error}',
  },
  'model.delivered.title': { zh: '排队请求的回答', en: 'Answers to queued requests' },
  'model.protocol.llamafactory': { zh: 'LLaMA-Factory API', en: 'LLaMA-Factory API' },
  'model.protocol.openai': { zh: 'vLLM / OpenAI 兼容', en: 'vLLM / OpenAI-compatible' },
} as const
