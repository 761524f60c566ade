// Browser glue for the Assignments page: downloads (clips play through the services' audio.createClipPlayer).
import { downloadBlob } from '../common/download.ts'

/** Offers bytes or text as a download. */
export function download(data: Uint8Array | string, fileName: string, type: string): void {
  downloadBlob(
    new Blob([typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>)], { type }),
    fileName,
  )
}
