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
  'model.meta.one': {
    zh: '用时 {seconds} 秒，{attempts} 次尝试，结束原因：{finish}',
    en: '{seconds} s, {attempts} attempt, finish reason: {finish}',
  },
  'model.meta.other': {
    zh: '用时 {seconds} 秒，{attempts} 次尝试，结束原因：{finish}',
    en: '{seconds} s, {attempts} attempts, finish reason: {finish}',
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
  'model.error.advice': { zh: '怎么办', en: 'What to do' },
  'model.error.technical': {
    zh: '技术详情（服务器和浏览器给出的英文原文）',
    en: 'Technical detail (as the server and browser gave it)',
  },
  'model.advice.network': {
    zh: '请确认服务器已经启动、本设备能访问它、地址和端口正确，并且服务器允许跨域请求（LLaMA-Factory 和 vLLM 默认允许任何来源）。',
    en: 'Check that the server is running and reachable from this device, that the address and port are right, and that it allows cross-origin requests (LLaMA-Factory and vLLM allow any origin by default).',
  },
  'model.advice.mixed-content': {
    zh: '本页通过 https 打开，而服务器地址是 http://，浏览器会拦截这种请求：请让模型服务器走 https（例如放在反向代理后面），或改用 http 打开本应用。',
    en: 'This page is served over https and the server address is http://, which the browser blocks: serve the model over https (e.g. behind a reverse proxy), or open the app over http.',
  },
  'model.advice.cors': {
    zh: '请在服务器或它前面的代理上允许本页的来源（跨域 CORS）。',
    en: "Allow this page's origin on the server or on the proxy in front of it (CORS).",
  },
  'model.advice.cors-origin': {
    zh: '请在服务器或它前面的代理上允许本页的来源 {origin}（跨域 CORS）。',
    en: "Allow this page's origin, {origin}, on the server or on the proxy in front of it (CORS).",
  },
  'model.advice.cors-errors': {
    zh: '代理返回错误（例如 401 密钥错误）时也必须带上 CORS 头，否则浏览器读不到错误，密钥错误看起来也像跨域问题。',
    en: 'The proxy must add CORS headers to error replies too (e.g. a 401 for a wrong key); otherwise the browser cannot read the error and a wrong key looks like a CORS problem.',
  },
  'model.advice.auth': {
    zh: '请在“设置 → 模型服务器”里检查 API 密钥：它必须与服务器的 API_KEY（LLaMA-Factory）或 --api-key（vLLM）一致。',
    en: "Check the API key in Settings → Model server: it must match the server's API_KEY (LLaMA-Factory) or --api-key (vLLM).",
  },
  'model.advice.forbidden': {
    zh: '服务器或代理禁止了这次访问（403）：请确认这个密钥有权限，或请管理员检查是否限制了来源地址。',
    en: 'The server or a proxy forbids this access (403): make sure the key is allowed, or ask the administrator whether addresses are restricted.',
  },
  'model.advice.not-found': {
    zh: '服务器地址应该是根地址，例如 http://192.168.1.20:8000（可带 /v1），不要带具体接口的路径。',
    en: 'The server address should be the root, e.g. http://192.168.1.20:8000 (a trailing /v1 is fine), not the path of an endpoint.',
  },
  'model.advice.redirect': {
    zh: '服务器把请求转到了别的地址：请直接把最终地址（通常是 https://…）填为服务器地址。',
    en: 'The server redirected the request: give the final address (often https://…) as the server address.',
  },
  'model.advice.model-not-found': {
    zh: '请把模型名称改为服务器提供的名称（vLLM 的 --served-model-name）；在“设置”里点“测试连接”可以列出这些名称。',
    en: "Set the model name to one the server serves (vLLM's --served-model-name); Test connection in Settings lists them.",
  },
  'model.advice.model-listed': {
    zh: '请把模型名称改为服务器提供的名称之一：{models}。',
    en: 'Set the model name to one of the names the server serves: {models}.',
  },
  'model.advice.too-large': {
    zh: '请选更短的片段（最长 30 秒），或调高服务器前面代理的请求大小上限（例如 nginx 的 client_max_body_size）。',
    en: "Choose a shorter segment (at most 30 s), or raise the body size limit of the proxy in front of the server (e.g. nginx's client_max_body_size).",
  },
  'model.advice.rate-limited': {
    zh: '服务器正在处理别的请求：请稍等再问，不要连续点击。',
    en: 'The server is handling other requests: wait a little before asking again, and avoid repeated clicks.',
  },
  'model.advice.server': {
    zh: '可以稍后再试；如果一直出错，请查看服务器的日志（常见原因：显存不足、模型没有加载）。',
    en: "Try again later; if it keeps failing, look at the server's log (common causes: out of GPU memory, the model not loaded).",
  },
  'model.advice.timeout': {
    zh: '7B 音频模型在繁忙的 GPU 上可能很慢：请再试一次，或在“设置”里调高超时。',
    en: 'A 7B audio model on a busy GPU can be slow: try again, or raise the timeout in Settings.',
  },
  'model.advice.bad-reply': {
    zh: '请确认服务器地址指向 OpenAI 兼容的聊天服务（LLaMA-Factory 或 vLLM），而不是网页或别的服务。',
    en: 'Check that the server address points at an OpenAI-compatible chat server (LLaMA-Factory or vLLM), not a web page or another service.',
  },
  'model.advice.cut-off': {
    zh: '服务器或代理提前关闭了连接：请再试一次；经常发生时，请调高代理的读取超时，或在“设置”里关闭流式显示。',
    en: "The server or a proxy closed the connection early: try again; if it happens often, raise the proxy's read timeout or turn streaming off in Settings.",
  },
  'model.advice.too-long': {
    zh: '微调后的模型回答很短：这台服务器大概不是它。请检查服务器地址和模型名称。',
    en: 'The fine-tuned model answers briefly, so this server is probably not it: check the server address and the model name.',
  },
  'model.advice.bad-request': {
    zh: '请检查“设置”里的协议：LLaMA-Factory 只接受 audio_url 形式的音频，vLLM 使用 input_audio。“测试连接”可以帮你判断。',
    en: 'Check the protocol in Settings: LLaMA-Factory accepts audio only as audio_url, vLLM takes input_audio. Test connection helps tell which.',
  },
  'model.advice.use-llamafactory': {
    zh: '这台服务器像是 LLaMA-Factory：请在“设置”里把协议改为“LLaMA-Factory API”。',
    en: 'This looks like a LLaMA-Factory server: set the protocol in Settings to "LLaMA-Factory API".',
  },
  'model.advice.use-openai': {
    zh: '这台服务器像是 vLLM：请在“设置”里把协议改为“vLLM / OpenAI 兼容”。',
    en: 'This looks like a vLLM server: set the protocol in Settings to "vLLM / OpenAI-compatible".',
  },
  'model.advice.prepare': {
    zh: '请换一个片段或重新载入文件再试；如果文件本身无法播放，请先把它转换成 WAV 或 MP3。',
    en: 'Try another segment or load the file again; if the file itself will not play, convert it to WAV or MP3 first.',
  },
  'model.advice.storage': {
    zh: '浏览器的本地存储出错：请检查设备的剩余空间，并且不要在无痕（隐私）模式下使用。',
    en: "The browser's local storage failed: check the free space on the device, and do not use a private (incognito) window.",
  },
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
  'model.error.redirect': {
    zh: '服务器把请求重定向到了别的地址。',
    en: 'The server redirected the request to another address.',
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
  'model.outbox.nextTry': { zh: '下次重试：{time}', en: 'next try {time}' },
  'model.outbox.item': { zh: '{name}，排队于 {time}', en: '{name}, queued at {time}' },
  'model.outbox.unnamed': { zh: '一个选段', en: 'A segment' },
  'model.outbox.waiting.one': { zh: '已尝试 {attempts} 次', en: '{attempts} attempt so far' },
  'model.outbox.waiting.other': { zh: '已尝试 {attempts} 次', en: '{attempts} attempts so far' },
  'model.outbox.gaveUp': {
    zh: '未发送，已放弃。',
    en: 'Not sent; given up.',
  },
  'model.delivered.title': { zh: '排队请求的回答', en: 'Answers to queued requests' },
  'model.protocol.llamafactory': { zh: 'LLaMA-Factory API', en: 'LLaMA-Factory API' },
  'model.protocol.openai': { zh: 'vLLM / OpenAI 兼容', en: 'vLLM / OpenAI-compatible' },
} as const
