import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { errorMessage } from '../util';
import { DEFAULT_MEMORY_LIMITS, gpuMemoryLimits, type MemoryLimits } from './render-plan';

export const BROWSER_BACKENDS = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BrowserBackend = (typeof BROWSER_BACKENDS)[number];

export function isBrowserBackend(name: string | null | undefined): name is BrowserBackend {
  return BROWSER_BACKENDS.includes(name as BrowserBackend);
}

let wasmConfigured = false;

function configureWasm(): void {
  if (wasmConfigured) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
  // XNNPACK's convolutions scale with every core (see withFullCoreCount).
  setThreadsCount(Math.max(1, navigator.hardwareConcurrency || 1));
  wasmConfigured = true;
}

/** What WebGPU adapter the browser offers: none, a software one (SwiftShader / fallback) or hardware. */
export async function probeWebGpu(): Promise<{ available: boolean; software: boolean; description: string }> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { available: false, software: false, description: 'no WebGPU in this browser' };
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { available: false, software: false, description: 'no WebGPU adapter' };
  const info = adapter.info;
  const software =
    Boolean((adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter) ||
    /swiftshader/i.test(`${info.architecture} ${info.vendor} ${info.description}`);
  return {
    available: true,
    software,
    description: [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown adapter',
  };
}

/**
 * tfjs-wasm caps its thread pool at navigator.hardwareConcurrency / 2 (it assumes two hyperthreads per core),
 * read once when the WASM module starts: on a 2-core machine that is one thread. Reporting twice the logical
 * cores while the module starts makes the cap the real core count; the true value is restored right after.
 */
async function withFullCoreCount<T>(start: () => Promise<T>): Promise<T> {
  const cores = navigator.hardwareConcurrency || 1;
  const own = Object.getOwnPropertyDescriptor(navigator, 'hardwareConcurrency');
  try {
    Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => 2 * cores });
  } catch {
    return start();
  }
  try {
    return await start();
  } finally {
    if (own) Object.defineProperty(navigator, 'hardwareConcurrency', own);
    else delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** Switches tfjs to a backend; throws with a readable reason when it cannot start. */
export async function activateBackend(name: BrowserBackend): Promise<void> {
  let ok = false;
  try {
    const start = async () => {
      const switched = await tf.setBackend(name);
      await tf.ready();
      return switched;
    };
    if (name === 'wasm') {
      configureWasm();
      ok = await withFullCoreCount(start);
    } else {
      ok = await start();
    }
  } catch (error) {
    throw new Error(`${name} failed to start: ${errorMessage(error)}`);
  }
  if (!ok || tf.getBackend() !== name) throw new Error(`${name} is not available in this browser`);
}

export interface BackendChoice {
  backend: BrowserBackend;
  /** Why the preferred backend was not used, shown to the person. */
  notices: string[];
}

/**
 * Hardware WebGPU first, then WASM (SIMD + threads), WebGL, CPU. A software WebGPU adapter is skipped
 * (about 40x slower than WASM on CPU-only machines). A forced backend that fails falls back with a notice.
 */
export async function chooseBackend(forced?: BrowserBackend): Promise<BackendChoice> {
  const notices: string[] = [];
  const candidates: BrowserBackend[] = [];
  if (forced) candidates.push(forced);
  const gpu = await probeWebGpu().catch(() => ({
    available: false,
    software: false,
    description: 'WebGPU probe failed',
  }));
  if (!forced) {
    if (gpu.available && !gpu.software) candidates.push('webgpu');
    else if (gpu.available)
      notices.push(`Skipped WebGPU: software adapter (${gpu.description}) is much slower than WASM here`);
  }
  for (const name of ['wasm', 'webgl', 'cpu'] as const) if (!candidates.includes(name)) candidates.push(name);
  for (const name of candidates) {
    try {
      await activateBackend(name);
      return { backend: name, notices };
    } catch (error) {
      notices.push(`${errorMessage(error)}; falling back`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${notices.join('; ')}`);
}

/**
 * What one render may use on the active backend: on WebGPU the device's largest storage binding (tfjs asks
 * the adapter for its maximum); elsewhere the defaults, which fit WASM's heap.
 */
export function backendMemoryLimits(): MemoryLimits {
  if (tf.getBackend() !== 'webgpu') return DEFAULT_MEMORY_LIMITS;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  const binding = device?.limits.maxStorageBufferBindingSize;
  return binding ? gpuMemoryLimits(binding) : DEFAULT_MEMORY_LIMITS;
}
