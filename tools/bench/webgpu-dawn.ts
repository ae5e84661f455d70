/**
 * The engine on a real GPU through Dawn's WebGPU for Node (the `webgpu` npm package's dawn.node), for machines
 * with a GPU and its Vulkan driver; not part of `npm run bench` (this project's machines have no GPU).
 *
 *   npm pack webgpu@0.6.2 && tar xzf webgpu-0.6.2.tgz      # dawn.node: package/dist/linux-x64/dawn.node
 *   DAWN_NODE=$PWD/package/dist/linux-x64/dawn.node npx tsx tools/bench/webgpu-dawn.ts
 *
 * Prints: the adapter; parity of the shipped sky64 against the official generator's outputs (REF_DIR, default
 * ../shared/models/sky64); then for random-weight sky256 and mead1024 the first frame, the frame at a new t with
 * its readback (what the studio's scrubbing waits for), frames/s at batch 1/4/8/16 with readback and kept on
 * the GPU, and the tensor count across 50 renders.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parityError, readFloat32, readReference, referenceVideoSpec } from '../../test/support/fixtures';

const dawnPath = process.env.DAWN_NODE;
if (!dawnPath || !existsSync(dawnPath)) {
  console.error('set DAWN_NODE to the dawn.node of the `webgpu` npm package (see the top of this file)');
  process.exit(2);
}
const dawn = createRequire(import.meta.url)(dawnPath) as { create(flags: string[]): GPU; globals: object };
Object.assign(globalThis, dawn.globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create([]) }, configurable: true });

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const { Generator, gpuMemoryLimits } = await import('../../src/engine');
const { MemorySink, modelFilesFromMemory, PRESETS, presetArchitecture, writeRandomModel } = await import(
  '../../src/model'
);
const { modelFilesFromDirectory } = await import('../../src/model/node');
type LoadedGenerator = Awaited<ReturnType<typeof Generator.load>>;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) {
  console.error('no WebGPU adapter: is the GPU driver (Vulkan) installed?');
  process.exit(1);
}
console.log(`adapter: ${adapter.info.vendor} ${adapter.info.architecture} ${adapter.info.description}`);
if (!(await tf.setBackend('webgpu'))) throw new Error('the tfjs WebGPU backend did not start');
await tf.ready();

function useDeviceLimits(generator: LoadedGenerator): void {
  const binding = (tf.backend() as unknown as { device: GPUDevice }).device.limits.maxStorageBufferBindingSize;
  generator.setMemoryLimits(gpuMemoryLimits(binding));
}

async function parity(refDir: string): Promise<void> {
  const generator = await Generator.load(modelFilesFromDirectory('public/models/sky64'));
  for (const [i, c] of readReference(refDir).cases.entries()) {
    const video = generator.prepareVideo(referenceVideoSpec(refDir, c));
    const times = Array.from(readFloat32(refDir, c.t));
    const frames = await video.render(times);
    const nchw = tf.tidy(() => frames.transpose([0, 3, 1, 2]));
    const error = parityError(await nchw.data(), readFloat32(refDir, c.frames));
    console.log(
      `sky64 parity, case ${i} (t up to ${Math.max(...times).toFixed(2)}): max diff ${error.maxDiff.toExponential(2)}, bound ${error.tolerance.toExponential(2)}: ${error.maxDiff <= error.tolerance ? 'ok' : 'FAIL'}`,
    );
    tf.dispose([frames, nchw]);
    video.dispose();
  }
  generator.dispose();
}

async function speed(name: string, generator: LoadedGenerator): Promise<void> {
  const video = generator.prepareVideo({ content: { seed: 1 }, motion: { seed: 1 } });
  let t = 100;
  const render = async (times: number[], readback: boolean) => {
    const started = performance.now();
    const frames = await video.render(times);
    // Kept on the GPU: wait for the work with a one-value readback only.
    const read = readback ? frames : tf.tidy(() => frames.slice([0, 0, 0, 0], [1, 1, 1, 1]));
    await read.data();
    tf.dispose([frames, read]);
    return performance.now() - started;
  };
  const first = await render([t], true);
  const scrub: number[] = [];
  for (let i = 1; i <= 15; i++) scrub.push(await render([t + i * 9.37], true));
  t += 200;
  console.log(
    `${name}: first frame ${first.toFixed(0)} ms; new t with readback ${median(scrub).toFixed(1)} ms (median of 15)`,
  );
  for (const batch of [1, 4, 8, 16])
    for (const readback of [true, false]) {
      let frames = 0;
      const started = performance.now();
      while (performance.now() - started < 3000) {
        await render(
          Array.from({ length: batch }, () => (t += 0.5)),
          readback,
        );
        frames += batch;
      }
      const fps = frames / ((performance.now() - started) / 1000);
      console.log(
        `${name}: batch ${batch}, ${readback ? 'with readback' : 'kept on the GPU'}: ${fps.toFixed(1)} frames/s`,
      );
    }
  // A grid column: three cells of one content with their own motions, one by one and in one batch.
  const cells = [2, 3, 4].map((seed) => generator.prepareVideo({ content: { seed: 1 }, motion: { seed } }));
  for (const batched of [false, true]) {
    let frames = 0;
    const started = performance.now();
    while (performance.now() - started < 3000) {
      t += 1;
      const outputs = batched
        ? [await video.renderMotions(cells.map((cell) => ({ t, motion: cell.trajectory })))]
        : await Promise.all(cells.map((cell) => cell.render([t])));
      for (const output of outputs) await output.data();
      tf.dispose(outputs);
      frames += cells.length;
    }
    const fps = frames / ((performance.now() - started) / 1000);
    console.log(
      `${name}: 3 grid cells of one content, ${batched ? 'one batch' : 'one by one'}: ${fps.toFixed(1)} frames/s`,
    );
  }
  for (const cell of cells) cell.dispose();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 50; i++) await render([t + i * 1.1], true);
  console.log(`${name}: tensors before/after 50 renders: ${before}/${tf.memory().numTensors}`);
  video.dispose();
}

await parity(process.env.REF_DIR ?? '../shared/models/sky64');
for (const preset of ['sky256', 'mead1024'] as const) {
  const sink = new MemorySink();
  const json = await writeRandomModel(presetArchitecture(PRESETS[preset]), sink, { name: preset });
  const shards = [...sink.shards].map(
    ([path, bytes]) => [path, bytes.slice().buffer as ArrayBuffer] as [string, ArrayBuffer],
  );
  const generator = await Generator.load(modelFilesFromMemory(json, shards));
  useDeviceLimits(generator);
  await speed(preset, generator);
  generator.dispose();
}
process.exit(0);
