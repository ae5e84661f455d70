import { describe, expect, it } from 'vitest';
import { checkArchitecture, PRESETS, presetArchitecture } from '../model';
import {
  chunkTimes,
  DEFAULT_MEMORY_LIMITS,
  framesPerChunk,
  gpuMemoryLimits,
  largestActivationBytes,
  renderMemory,
  renderMemoryProblem,
  WASM_HEAP_BYTES,
} from './render-plan';

const MiB = 2 ** 20;

describe('render plan', () => {
  it('sizes the largest activation from the last block: (r + 2)^2 x channels x 4 bytes', () => {
    // mead1024's last block: 1024 px, min(32768 / 1024, 512) = 32 channels.
    expect(largestActivationBytes(presetArchitecture(PRESETS.mead1024))).toBe(1026 * 1026 * 32 * 4);
    // sky256: the 256 px block has 64 channels; the 128 px block (128 channels) is smaller.
    expect(largestActivationBytes(presetArchitecture(PRESETS.sky256))).toBe(258 * 258 * 64 * 4);
  });

  it('renders 1024x1024 one frame at a time and 256x256 in batches under the default limits', () => {
    expect(framesPerChunk(presetArchitecture(PRESETS.mead1024))).toBe(1);
    const sky = framesPerChunk(presetArchitecture(PRESETS.sky256));
    expect(sky).toBeGreaterThan(1);
    expect(sky * largestActivationBytes(presetArchitecture(PRESETS.sky256))).toBeLessThanOrEqual(
      DEFAULT_MEMORY_LIMITS.maxTensorBytes,
    );
  });

  it('follows the tighter of the two limits, never below one frame', () => {
    const arch = presetArchitecture(PRESETS.sky256);
    const frame = largestActivationBytes(arch);
    expect(framesPerChunk(arch, { maxTensorBytes: 3 * frame, maxPeakBytes: 1e12 })).toBe(3);
    expect(framesPerChunk(arch, { maxTensorBytes: 1e12, maxPeakBytes: 12 * frame })).toBe(2);
    expect(framesPerChunk(arch, { maxTensorBytes: MiB, maxPeakBytes: MiB })).toBe(1);
  });

  it('splits times into consecutive chunks', () => {
    expect(chunkTimes([0, 0.5, 1, 1.5, 2], 2)).toEqual([[0, 0.5], [1, 1.5], [2]]);
    expect(chunkTimes([], 4)).toEqual([]);
    expect(() => chunkTimes([1], 0)).toThrow(RangeError);
  });

  it("takes a GPU's largest binding as the tensor limit, and up to four of them (at most 2 GiB) at the peak", () => {
    expect(gpuMemoryLimits(128 * MiB)).toEqual({ maxTensorBytes: 128 * MiB, maxPeakBytes: 768 * MiB });
    expect(gpuMemoryLimits(256 * MiB)).toEqual({ maxTensorBytes: 256 * MiB, maxPeakBytes: 1024 * MiB });
    expect(gpuMemoryLimits(2048 * MiB)).toEqual({ maxTensorBytes: 2048 * MiB, maxPeakBytes: 2048 * MiB });
  });

  it('never refuses an official preset on WASM, on a machine with the 24 GB these have', () => {
    for (const [name, options] of Object.entries(PRESETS)) {
      const arch = presetArchitecture(options);
      expect(renderMemoryProblem(arch, 'wasm', 24e9), name).toBeUndefined();
      expect(renderMemory(arch).backendBytes, name).toBeLessThan(WASM_HEAP_BYTES);
    }
  });

  it('refuses, with the figure, a 2048x2048 model within the architecture limits on WASM (its heap cannot hold it)', () => {
    for (const channelBase of [32768, 65536]) {
      const arch = checkArchitecture(
        presetArchitecture({ resolution: 2048, channelBase, channelMax: 512, cDim: 0 }),
        'model',
      );
      const problem = renderMemoryProblem(arch, 'wasm', 1e12);
      expect(problem).toMatch(
        /^this 2048x2048 model needs about \d+\.\d GB per frame on the WASM backend \(weights \d+ MB, largest activation \d+ MB\), more than its 4\.3 GB heap can hold$/,
      );
      // The CPU backend has no such heap: only the machine's memory bounds it.
      expect(renderMemoryProblem(arch, 'cpu', 1e12)).toBeUndefined();
      expect(renderMemoryProblem(arch, 'cpu', 1e9)).toMatch(/of memory to render a frame .*; 1\.0 GB is available$/);
    }
  });

  it('grows with the largest activation and the weights, and refuses what the given memory cannot hold', () => {
    const small = presetArchitecture({ resolution: 64, channelBase: 4096, channelMax: 64, cDim: 0 });
    const need = renderMemory(small);
    expect(need.processBytes).toBeGreaterThan(need.backendBytes);
    expect(need.backendBytes).toBeGreaterThan(2 * need.weightBytes + 16 * need.largestActivationBytes);
    expect(renderMemoryProblem(small, 'wasm', need.processBytes)).toBeUndefined();
    expect(renderMemoryProblem(small, 'wasm', need.processBytes - 1)).toMatch(/MB is available$/);
    const sky = renderMemory(presetArchitecture(PRESETS.sky256));
    const mead = renderMemory(presetArchitecture(PRESETS.mead1024));
    expect(mead.backendBytes).toBeGreaterThan(sky.backendBytes);
  });
});
