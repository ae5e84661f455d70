import { readFile } from 'node:fs/promises';
import { UsageError } from './args';

/** A raw little-endian float32 file, as the fixtures store arrays. */
export async function readFloat32File(path: string, what: string): Promise<Float32Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new UsageError(`cannot read ${what} file ${path}`);
  }
  if (bytes.byteLength % 4 !== 0)
    throw new UsageError(`${what} file ${path} is not raw float32 (${bytes.byteLength} bytes)`);
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

/** `--t 0,2.5,7.25` or `--t 12.5` or a float32 file of times. */
export async function parseTimes(spec: string): Promise<number[]> {
  const looksNumeric = /^([\d.,eE+\-\s]|NaN|Infinity)+$/.test(spec);
  const times = looksNumeric
    ? spec.split(',').map((s) => Number(s.trim()))
    : Array.from(await readFloat32File(spec, 'times'));
  if (times.length === 0 || times.some((t) => !Number.isFinite(t) || t < 0)) {
    throw new UsageError(`--t must be times >= 0 in frames (e.g. 0,2.5,7.25 or a float32 file), got "${spec}"`);
  }
  return times;
}

/** A ws file (e.g. from `project`): raw float32 [numWs, wDim] for this model. */
export async function readWsFile(path: string, numWs: number, wDim: number): Promise<Float32Array> {
  const ws = await readFloat32File(path, 'ws');
  if (ws.length !== numWs * wDim) {
    throw new UsageError(
      `ws file ${path} has ${ws.length} values; this model needs ${numWs} x ${wDim} = ${numWs * wDim} (float32 [numWs, wDim])`,
    );
  }
  return ws;
}
