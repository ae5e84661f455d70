import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryByteSource, persistentSources, readSnapshot } from '../../src/convert';
import { REFERENCE_MODELS } from './fixtures';

/**
 * The official module sources embedded in `real-sources` (as in every real checkpoint), keyed by the first
 * class that uses each: what a judge of `module_src` must accept, and what the mutation cases start from.
 */
export async function officialModuleSources(): Promise<Map<string, string>> {
  const dir = REFERENCE_MODELS['real-sources'];
  if (!dir) throw new Error('../shared/fixtures/real-sources is missing: the official module sources come from it');
  const bytes = new Uint8Array(readFileSync(join(dir, 'network-snapshot.pkl')));
  const read = await readSnapshot(new MemoryByteSource(bytes));
  const out = new Map<string, string>();
  for (const [src, owners] of persistentSources(read.value)) {
    if (typeof src === 'string' && src.length > 1000) out.set([...owners][0]!, src);
  }
  if (out.size < 4) throw new Error(`real-sources embeds ${out.size} full module sources, expected 4`);
  return out;
}
