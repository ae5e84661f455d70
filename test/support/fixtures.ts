import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VideoSpec } from '../../src/engine';

/** ../shared beside the repository: official-format snapshots and the official generator's outputs. */
export const SHARED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');

/** The reference models some tests single out; they must be there. */
type SingledOut = 'tiny' | 'cond-noise-64' | 'sky64';
const SINGLED_OUT: readonly SingledOut[] = ['tiny', 'cond-noise-64', 'sky64'];

/**
 * Every reference model in ../shared, found by listing `fixtures/` and `models/`: a folder with an official
 * `network-snapshot.pkl` and the official generator's `reference.json` is one (a new folder needs no edit here).
 * Named after its folder.
 */
export const REFERENCE_MODELS: Readonly<Record<string, string> & Record<SingledOut, string>> =
  discoverReferenceModels();

export type ReferenceModelName = string;

function discoverReferenceModels(): Record<string, string> & Record<SingledOut, string> {
  const found: Record<string, string> = {};
  for (const group of ['fixtures', 'models']) {
    const root = join(SHARED_DIR, group);
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      const dir = join(root, entry.name);
      if (!entry.isDirectory() || !existsSync(join(dir, 'network-snapshot.pkl'))) continue;
      if (!existsSync(join(dir, 'reference.json'))) continue;
      if (found[entry.name])
        throw new Error(`two reference models are named ${entry.name}: ${found[entry.name]}, ${dir}`);
      found[entry.name] = dir;
    }
  }
  for (const required of SINGLED_OUT) {
    if (!found[required]) throw new Error(`../shared lacks the reference model ${required} (looked in ${SHARED_DIR})`);
  }
  return found as Record<string, string> & Record<SingledOut, string>;
}

const snapshotOf = (name: ReferenceModelName) => join(REFERENCE_MODELS[name]!, 'network-snapshot.pkl');
const referenceOf = (name: ReferenceModelName) => join(REFERENCE_MODELS[name]!, 'reference.json');

/** The official `network-snapshot.pkl` of the reference models that tests single out, by short names. */
export const SNAPSHOTS = {
  tiny: snapshotOf('tiny'),
  cond: snapshotOf('cond-noise-64'),
  sky64: snapshotOf('sky64'),
} as const;

/** Each singled-out reference model's `reference.json` (the official generator's settings and outputs). */
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
