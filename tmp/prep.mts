import * as tf from '@tensorflow/tfjs';
import { Generator } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { modelFilesFromDirectory } from '../src/model/node';
await useNodeBackend('wasm');
const g = await Generator.load(modelFilesFromDirectory('/work/wt-keys/.cache/models/sky256'));
const video = g.prepareVideo({ content: { seed: 1 }, motion: { seed: 2 } });
const time = async (label: string, f: () => Promise<void>, n = 4) => {
  await f();
  const s = performance.now();
  for (let i = 0; i < n; i++) await f();
  console.log(label, ((performance.now() - s) / n).toFixed(1), 'ms');
};
await time('frame (per-video kernels)', async () => { const f = await video.render([10]); await f.data(); f.dispose(); });
await time('prepare only', async () => { const st = g.synthesis.prepare(video.ws); await st.layers.get('b256.conv1')!.kernel!.data(); g.synthesis.disposeState(st); });
await time('frame naive', async () => { const f = await video.render([10], { naive: true }); await f.data(); f.dispose(); });
