/**
 * What the machine can give a render: the memory available now (or STYLEGAN_V_MEMORY_LIMIT, e.g. `512M`,
 * `2G` or bytes, to pretend there is less), and how many render threads fit in it and in the cores. The
 * per-frame estimate itself is the engine's (renderMemory / renderMemoryProblem in render-plan.ts).
 */
import { availableParallelism, freemem } from 'node:os';
import { formatBytes, renderMemory } from '../engine/plain';
import type { ModelArchitecture } from '../model';
import { UsageError } from './args';

export const MEMORY_LIMIT_VARIABLE = 'STYLEGAN_V_MEMORY_LIMIT';

const UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 };

/** Bytes of memory this command may use: the machine's available memory, its cgroup's limit, or the variable. */
export function availableMemoryBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MEMORY_LIMIT_VARIABLE];
  if (raw !== undefined) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*$/i.exec(raw);
    if (!match) throw new UsageError(`${MEMORY_LIMIT_VARIABLE} must be bytes or a size like 512M or 2G, got "${raw}"`);
    return Number(match[1]) * UNITS[match[2]!.toUpperCase()]!;
  }
  const constrained = typeof process.constrainedMemory === 'function' ? (process.constrainedMemory() ?? 0) : 0;
  const free = freemem();
  return constrained > 0 && constrained < free ? constrained : free;
}

export interface PoolSize {
  threads: number;
  /** Why fewer threads than asked for, when so (one line for stderr). */
  note?: string;
}

/**
 * Render threads for `frames` frames: what was asked (default one per core), at most one per core and per
 * frame, and no more than the available memory holds (each thread loads its own copy of the model).
 */
export function renderPoolSize(
  arch: ModelArchitecture,
  options: { requested?: number; frames: number; availableBytes: number; cores?: number },
): PoolSize {
  const cores = Math.max(1, options.cores ?? availableParallelism());
  const perThread = renderMemory(arch).processBytes;
  const byMemory = Math.max(1, Math.floor(options.availableBytes / perThread));
  const wanted = options.requested ?? cores;
  const threads = Math.max(1, Math.min(wanted, cores, byMemory, options.frames));
  if (threads >= Math.min(wanted, options.frames)) return { threads };
  const reason =
    byMemory === threads
      ? `each thread needs about ${formatBytes(perThread)} and ${formatBytes(options.availableBytes)} is available`
      : `this machine has ${cores} core${cores === 1 ? '' : 's'}`;
  const asked = options.requested === undefined ? `${wanted} render threads (one per core)` : `--workers ${wanted}`;
  return { threads, note: `${asked} capped to ${threads}: ${reason}` };
}
