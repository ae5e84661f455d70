/**
 * Every persistent object's `module_src` in an unpickled snapshot, judged once per distinct source
 * (module-source.ts). Python runs these sources when it loads the file, so a snapshot whose sources would
 * run anything is refused even though the converter itself never runs them.
 */
import { type ByteSource, readExactly } from './byte-source';
import { ConvertError } from './errors';
import { PersistentObject } from './known-globals';
import { judgeModuleSource } from './module-source';
import type { ParseBudget } from './parse-budget';
import { decodeRawUnicodeEscape, decodeUtf8 } from './pickle-text';
import { LazyString, PyObject } from './py-values';

/** The distinct module sources of the persistent objects reachable from `root`, with the classes using each. */
export function persistentSources(root: unknown): Map<unknown, Set<string>> {
  const sources = new Map<unknown, Set<string>>();
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof PersistentObject) {
      const src = v.meta.get('module_src');
      const owners = sources.get(src) ?? new Set<string>();
      sources.set(src, owners);
      if (owners.size < 32) owners.add(String(v.className ?? 'an unnamed class').slice(0, 60));
      stack.push(v.meta.get('state'));
    } else if (v instanceof Map) {
      for (const [k, x] of v) stack.push(k, x);
    } else if (Array.isArray(v) || v instanceof Set) {
      for (const x of v) stack.push(x);
    } else if (v instanceof PyObject) {
      stack.push(v.state, ...v.args, ...v.items);
      for (const [k, x] of v.dictItems) stack.push(k, x);
      if (v.kwargs) stack.push(v.kwargs);
    }
  }
  return sources;
}

/** Refuses the snapshot when any embedded module source would run code at load time. */
export async function judgeEmbeddedSources(root: unknown, source: ByteSource, budget: ParseBudget): Promise<void> {
  for (const [src, owners] of persistentSources(root)) {
    const names = [...owners].join(', ');
    let text: string;
    if (typeof src === 'string') text = src;
    else if (src instanceof LazyString) {
      budget.charge(2 * src.length, 'module sources');
      const bytes = await readExactly(source, src.offset, src.length);
      text = src.encoding === 'utf8' ? decodeUtf8(bytes) : decodeRawUnicodeEscape(bytes);
    } else if (src === undefined || src === null) continue;
    else {
      throw new ConvertError(
        `refused: the module source embedded for ${names} is not text — the file is damaged or crafted`,
        'code-execution',
        'module_src',
      );
    }
    judgeModuleSource(text, names);
  }
}
