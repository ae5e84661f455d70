/**
 * The benchmarks' real-size official-format snapshot: a synthetic ~600 MB StyleGAN-V 256x256 `.pkl` (G, G_ema,
 * D and D's Adam state, like the official one), built once under .cache/ and reused while its spec is the same.
 * `npm run bench:convert` converts it in Node; the live bench picks it in the studio.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LARGE_SPEC, type SyntheticSpec, writeSyntheticSnapshot } from '../../test/support/synthetic-snapshot';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SYNTHETIC_PKL = path.join(root, '.cache', 'synthetic-256.pkl');
const specFile = `${SYNTHETIC_PKL}.spec.json`;

/** D sized so that the file is ~600 MB with G_ema about a quarter of it. */
export const SYNTHETIC_SPEC: SyntheticSpec = {
  ...LARGE_SPEC,
  discriminatorBytes: 100 * 1024 * 1024,
  adam: 'D',
  seed: 7,
};

function buildSnapshot(): void {
  mkdirSync(path.dirname(SYNTHETIC_PKL), { recursive: true });
  const t0 = performance.now();
  const fd = openSync(`${SYNTHETIC_PKL}.tmp`, 'w');
  let written = 0;
  let nextReport = 0;
  const { bytes, tensors } = writeSyntheticSnapshot(SYNTHETIC_SPEC, (chunk) => {
    writeSync(fd, chunk);
    written += chunk.length;
    if (written >= nextReport) {
      process.stdout.write(`\r  writing synthetic snapshot: ${(written / 1e6).toFixed(0)} MB`);
      nextReport += 50e6;
    }
  });
  closeSync(fd);
  rmSync(SYNTHETIC_PKL, { force: true });
  writeFileSync(specFile, JSON.stringify({ spec: SYNTHETIC_SPEC, bytes, tensorCount: tensors.length }, null, 1));
  spawnSync('mv', [`${SYNTHETIC_PKL}.tmp`, SYNTHETIC_PKL]);
  console.log(
    `\n  built ${SYNTHETIC_PKL} (${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

function cachedSnapshotIsCurrent(): boolean {
  if (!existsSync(SYNTHETIC_PKL) || !existsSync(specFile)) return false;
  try {
    const meta = JSON.parse(readFileSync(specFile, 'utf8')) as { spec: unknown; bytes: number };
    return JSON.stringify(meta.spec) === JSON.stringify(SYNTHETIC_SPEC) && statSync(SYNTHETIC_PKL).size === meta.bytes;
  } catch {
    return false;
  }
}

/** The snapshot's path, built first when missing or out of date (`rebuild` forces it). */
export function syntheticPkl(rebuild = false): string {
  if (rebuild || !cachedSnapshotIsCurrent()) buildSnapshot();
  else console.log(`  reusing ${path.relative(root, SYNTHETIC_PKL)}`);
  return SYNTHETIC_PKL;
}
