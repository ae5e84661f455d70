/**
 * The per-frame memory estimate (engine/render-plan.ts: renderMemory) against what a render really takes on
 * Node WASM: the backend's heap after loading a random-weight model and rendering one frame stays within
 * `backendBytes`. The CLI refuses models whose estimate does not fit, so an estimate below the truth would
 * let a model through that then dies in a WebAssembly trap. One model per file: the heap never shrinks, so
 * a second model would be measured on top of the first (each CLI render thread holds one model). sky256 is the
 * preset with the largest heap per activation byte (17x measured; larger models 12-14x).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Generator, renderMemory } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { MemorySink, modelFilesFromMemory, PRESETS, presetArchitecture, writeRandomModel } from '../src/model';

function heapBytes(): number {
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
}

describe('render memory estimate', () => {
  it('sky256: the WASM heap after one frame stays within the estimate', async () => {
    await useNodeBackend('wasm');
    const arch = presetArchitecture(PRESETS.sky256);
    const sink = new MemorySink();
    await writeRandomModel(arch, sink, { name: 'memory' });
    const shards = [...sink.shards].map(([name, bytes]): [string, ArrayBuffer] => [name, bytes.slice().buffer]);
    const generator = await Generator.load(modelFilesFromMemory(sink.model!, shards));
    const video = generator.prepareVideo({ content: { seed: 1 }, motion: { seed: 2 } });
    const frame = await video.render([3.5]);
    await frame.data();
    frame.dispose();
    video.dispose();
    generator.dispose();
    const estimate = renderMemory(arch).backendBytes;
    const heap = heapBytes();
    expect(heap, `heap ${(heap / 1e6).toFixed(0)} MB, estimate ${(estimate / 1e6).toFixed(0)} MB`).toBeLessThanOrEqual(
      estimate,
    );
  }, 120_000);
});
