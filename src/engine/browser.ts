/** The engine's door for pages: choosing and starting a tfjs backend (WebGPU, WASM, WebGL, CPU). */
export {
  activateBackend,
  type BackendChoice,
  BROWSER_BACKENDS,
  type BrowserBackend,
  backendMemoryLimits,
  chooseBackend,
  isBrowserBackend,
  probeWebGpu,
} from './browser-backend';
