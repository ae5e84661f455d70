import { MODEL_FORMAT, type ModelArchitecture, type ModelJson } from './format';
import { type ModelSink, planWeights, ShardWriter } from './model-writer';
import { type WeightShape, weightShapes } from './presets';

/** xorshift128+ style generator seeded by an integer: fast enough for tens of millions of values. */
function normalSampler(seed: number): () => number {
  let a = (seed ^ 0x9e3779b9) >>> 0 || 1;
  let b = Math.imul(seed, 0x85ebca6b) >>> 0 || 2;
  const next = () => {
    let t = a ^ (a << 11);
    a = b;
    b = (b ^ (b >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    t = b;
    return (t + 0.5) / 4294967296;
  };
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(next()));
    const theta = 2 * Math.PI * next();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** Initial values the way the official networks initialise them (random normal weights, affine biases 1). */
function initialValues(weight: WeightShape, arch: ModelArchitecture, normal: () => number): Float32Array {
  const size = weight.shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  switch (weight.role) {
    case 'weight':
    case 'const':
      for (let i = 0; i < size; i++) values[i] = normal();
      break;
    case 'affine-bias':
      values.fill(1);
      break;
    case 'filter': {
      const taps = [1, 3, 3, 1];
      for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) values[y * 4 + x] = (taps[y]! * taps[x]!) / 64;
      break;
    }
    case 'freqs': {
      // Log-spaced periods from motion_z_distance to 1024 frames, as angular frequencies.
      const n = size;
      const min = Math.log2(arch.motion.motionZDistance);
      const max = Math.log2(1024);
      for (let i = 0; i < n; i++) values[i] = (2 * Math.PI) / 2 ** (min + ((max - min) * i) / Math.max(1, n - 1));
      break;
    }
    case 'phase-scales':
      values.fill(1);
      break;
    case 'scalar':
      values.fill(0.1);
      break;
    case 'bias':
    case 'zero':
      break;
  }
  return values;
}

/** Writes a random-weight model of an architecture through a sink (e.g. a model folder). */
export async function writeRandomModel(
  arch: ModelArchitecture,
  sink: ModelSink,
  options: { name: string; seed?: number; fp16?: boolean },
): Promise<ModelJson> {
  const shapes = weightShapes(arch);
  const plan = planWeights(shapes, { fp16: options.fp16 });
  const writer = new ShardWriter(sink, plan);
  const normal = normalSampler(options.seed ?? 0);
  for (const weight of shapes) await writer.append(initialValues(weight, arch, normal));
  await writer.finish();
  const model: ModelJson = {
    format: MODEL_FORMAT,
    name: options.name,
    description: 'Random weights with an official StyleGAN-V architecture, for speed measurements.',
    architecture: arch,
    weightsManifest: [plan.group],
  };
  await sink.writeModelJson(model, `${JSON.stringify(model, null, 1)}\n`);
  return model;
}
