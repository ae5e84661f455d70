import { readFile } from 'node:fs/promises';
import { UsageError } from './args';

/**
 * A raw little-endian float32 file, as the fixtures store arrays. Every value must be finite: a NaN or an
 * infinity in a latent, a motion code, a class vector or a time renders nothing meaningful (a black
 * frame), so such a file is refused, naming the first bad value.
 */
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
  const values = new Float32Array(copy.buffer, 0, copy.byteLength / 4);
  const first = values.findIndex((v) => !Number.isFinite(v));
  if (first >= 0) {
    let count = 0;
    for (const v of values) if (!Number.isFinite(v)) count++;
    throw new UsageError(
      `${what} file ${path} holds ${count.toLocaleString('en-US')} NaN or infinite value${count === 1 ? '' : 's'} ` +
        `(the first at index ${first}, ${values[first]}): every value must be a finite number`,
    );
  }
  return values;
}

/** `--t 0,2.5,7.25` or `--t 12.5` or a float32 file of times. Every list item must be a number (no `5,`). */
export async function parseTimes(spec: string): Promise<number[]> {
  const looksNumeric = /^([\d.,eE+\-\s]|NaN|Infinity)+$/.test(spec);
  const items = looksNumeric ? spec.split(',').map((s) => s.trim()) : [];
  if (items.some((s) => s === ''))
    throw new UsageError(`--t has an empty item in "${spec.slice(0, 60)}": give times separated by single commas`);
  const times = looksNumeric ? items.map(Number) : Array.from(await readFloat32File(spec, 'times'));
  if (times.length === 0 || times.some((t) => !Number.isFinite(t) || t < 0)) {
    throw new UsageError(
      `--t must be times >= 0 in frames (e.g. 0,2.5,7.25 or a float32 file), got "${spec.slice(0, 60)}"`,
    );
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
