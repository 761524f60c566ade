/**
 * Which other tabs of this app are doing the same thing (practising), over a BroadcastChannel: each tab says
 * "here" every few seconds and "bye" when it stops; a tab not heard from for a while is counted as gone.
 * The store already keeps two tabs from losing each other's answers; this only lets the page say so.
 */
export interface PresenceOptions {
  /** How often this tab says it is here (ms, default 4000). */
  readonly every?: number
  /** A tab not heard from for this long is gone (ms, default 3 × every). */
  readonly forgetAfter?: number
  /** The clock (tests pass their own). */
  readonly now?: () => number
  /** Makes the channel (tests and hosts without BroadcastChannel pass their own). */
  readonly channel?: (name: string) => Pick<BroadcastChannel, 'postMessage' | 'close' | 'addEventListener'>
}

type PresenceMessage = { readonly tab: string; readonly kind: 'here' | 'bye' }

/**
 * Announces this tab under `topic` and calls `onChange` with how many OTHER tabs are there whenever that
 * changes. Returns the stop function (says "bye"). Without BroadcastChannel it reports 0 and does nothing.
 */
export function watchPresence(
  topic: string,
  onChange: (others: number) => void,
  opts: PresenceOptions = {},
): () => void {
  const every = opts.every ?? 4000
  const forgetAfter = opts.forgetAfter ?? 3 * every
  const now = opts.now ?? (() => Date.now())
  const make =
    opts.channel ?? (typeof BroadcastChannel === 'undefined' ? null : (n: string) => new BroadcastChannel(n))
  if (!make) return () => {}
  const channel = make(`wusheng-presence:${topic}`)
  const tab = Math.random().toString(36).slice(2)
  const seen = new Map<string, number>()
  let reported = -1
  const report = () => {
    const t = now()
    for (const [id, at] of seen) if (t - at > forgetAfter) seen.delete(id)
    if (seen.size !== reported) onChange((reported = seen.size))
  }
  channel.addEventListener('message', (event: Event) => {
    const m = (event as MessageEvent<PresenceMessage>).data
    if (!m || typeof m.tab !== 'string' || m.tab === tab) return
    if (m.kind === 'bye') seen.delete(m.tab)
    else {
      // A newcomer gets an answer at once, so both tabs know about each other without waiting a beat.
      if (!seen.has(m.tab)) channel.postMessage({ tab, kind: 'here' } satisfies PresenceMessage)
      seen.set(m.tab, now())
    }
    report()
  })
  const say = () => channel.postMessage({ tab, kind: 'here' } satisfies PresenceMessage)
  say()
  report()
  const timer = setInterval(() => {
    say()
    report()
  }, every)
  return () => {
    clearInterval(timer)
    channel.postMessage({ tab, kind: 'bye' } satisfies PresenceMessage)
    channel.close()
  }
}
