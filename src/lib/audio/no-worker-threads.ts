// Stands in for Node's worker_threads in the browser build (see vite.config.ts): wavesurfer's spectrogram plugin
// tries `require('worker_threads')` inside a try and falls back to the browser's Worker when it finds nothing.
export {}
