import { getContext, setContext } from 'svelte'
import type { Services } from '../lib/state/app.svelte.ts'

const KEY = Symbol('services')
/** Puts the app's services in the component tree (App does this once). */
export const setServices = (s: Services): Services => setContext(KEY, s)
/** The app's services, in any page or component under App. */
export const getServices = (): Services => getContext<Services>(KEY)
