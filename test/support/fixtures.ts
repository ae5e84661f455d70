import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VideoSpec } from '../../src/engine';

/** ../shared beside the repository: official-format snapshots and the official generator's outputs. */
export const SHARED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');

export const REFERENCE_MODELS = {
  tiny: join(SHARED_DIR, 'fixtures/tiny'),
  'cond-noise-64': join(SHARED_DIR, 'fixtures/cond-noise-64'),
  sky64: join(SHARED_DIR, 'models/sky64'),
} as const;

export type ReferenceModelName = keyof typeof REFERENCE_MODELS;

const snapshotOf = (name: ReferenceModelName) => join(REFERENCE_MODELS[name], 'network-snapshot.pkl');
const referenceOf = (name: ReferenceModelName) => join(REFERENCE_MODELS[name], 'reference.json');

/** Each reference model's official `network-snapshot.pkl`, by the short names the converter tests use. */
export const SNAPSHOTS = {
  tiny: snapshotOf('tiny'),
  cond: snapshotOf('cond-noise-64'),
  sky64: snapshotOf('sky64'),
} as const;

/** Each reference model's `reference.json` (the official generator's settings and outputs). */
export const REFERENCE_JSON = {
  tiny: referenceOf('tiny'),
  cond: referenceOf('cond-noise-64'),
  sky64: referenceOf('sky64'),
} as const;

export interface ArrayRef {
  file: string;
  shape: number[];
}

export interface ReferenceCase {
  truncation_psi: number;
  noise_mode: 'const' | 'none';
  z: ArrayRef;
  c: ArrayRef;
  motion_z: ArrayRef;
  t: ArrayRef;
  ws: ArrayRef;
  motion_v: ArrayRef;
  frames: ArrayRef;
}

export interface Reference {
  generator: Record<string, number | boolean>;
  cases: ReferenceCase[];
}

export function readReference(dir: string): Reference {
  return JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Reference;
}

export function readFloat32(dir: string, ref: ArrayRef): Float32Array {
  const bytes = readFileSync(join(dir, ref.file));
  const expected = ref.shape.reduce((a, b) => a * b, 1);
  const copy = new Uint8Array(bytes);
  const values = new Float32Array(copy.buffer, 0, copy.byteLength / 4);
  if (values.length !== expected) throw new Error(`${ref.file}: ${values.length} values, shape says ${expected}`);
  return values;
}

/** The parity criterion of the issue: max |ours - official| <= 1e-3 * (1 + max |official|). */
export function parityError(
  ours: ArrayLike<number>,
  official: ArrayLike<number>,
): { maxDiff: number; tolerance: number } {
  if (ours.length !== official.length) throw new Error(`length ${ours.length} != official ${official.length}`);
  let maxDiff = 0;
  let maxOfficial = 0;
  for (let i = 0; i < official.length; i++) {
    const diff = Math.abs(ours[i]! - official[i]!);
    if (!(diff <= maxDiff)) maxDiff = Number.isNaN(diff) ? Infinity : diff;
    maxOfficial = Math.max(maxOfficial, Math.abs(official[i]!));
  }
  return { maxDiff, tolerance: 1e-3 * (1 + maxOfficial) };
}

/** The video a reference case describes: its z, class, explicit motion noise, truncation and noise mode. */
export function referenceVideoSpec(dir: string, c: ReferenceCase): VideoSpec {
  const cVector = readFloat32(dir, c.c);
  return {
    content: { z: readFloat32(dir, c.z) },
    c: cVector.length > 0 ? cVector : undefined,
    motion: { motionZ: readFloat32(dir, c.motion_z), length: c.motion_z.shape[1]! },
    psi: c.truncation_psi,
    noiseMode: c.noise_mode,
  };
}
