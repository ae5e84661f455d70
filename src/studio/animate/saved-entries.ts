/**
 * A list of entries kept in this browser's storage under one key, newest first, one entry an id: reading
 * (validated, unreadable storage reads as none), saving (replacing the same id), deleting, and the names that
 * tell entries apart. saved-pictures.ts and saved-videos.ts are two such lists.
 */
import type { LatentSpace } from '../../latent';

export type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/** What every saved entry has: the store's id, its model, the file name it came from, and the ISO time it was kept. */
export interface SavedEntry {
  id: string;
  modelId: string;
  name: string;
  created: string;
}

/** What a saved projection (a picture's or a clip's) keeps besides: its content ws, PSNR and settings. */
export interface SavedProjection extends SavedEntry {
  /** ws as `encodeWs` text. */
  ws: string;
  /** PSNR (dB) of the reconstruction (a clip's: the mean over its frames). */
  psnr: number;
  step: number;
  steps: number;
  space: LatentSpace;
  /** The motion seed it was fitted with (a clip's: the seed whose rows continue the fitted ones). */
  motionSeed: number;
}

export interface SavedStore<T extends SavedEntry> {
  /** Every entry (of every model), newest first; unreadable storage reads as none. */
  read(storage: Storage): T[];
  /** Stores an entry (replacing one with the same id); throws a clear error when the browser refuses. */
  save(storage: Storage, entry: Omit<T, 'id' | 'created'>): T;
  remove(storage: Storage, id: string): void;
}

export interface SavedStoreSpec<T extends SavedEntry> {
  key: string;
  /** Whether a stored value reads as an entry (the fields the studio relies on). */
  isEntry: (value: Partial<T>) => boolean;
  /** The id of an entry: the same content is stored once. */
  idOf: (entry: Omit<T, 'id' | 'created'>) => string;
  /** The error's wording: "the browser refused to store the <noun> (…): <hint>". */
  noun: string;
  hint: string;
}

export function savedStore<T extends SavedEntry>(spec: SavedStoreSpec<T>): SavedStore<T> {
  const isSaved = (value: unknown): value is T => {
    const v = value as Partial<T> | null;
    return (
      typeof v === 'object' &&
      v !== null &&
      typeof v.id === 'string' &&
      typeof v.modelId === 'string' &&
      typeof v.name === 'string' &&
      spec.isEntry(v)
    );
  };
  const read = (storage: Storage): T[] => {
    try {
      const parsed = JSON.parse(storage.getItem(spec.key) ?? '[]') as unknown;
      return Array.isArray(parsed) ? parsed.filter(isSaved) : [];
    } catch {
      return [];
    }
  };
  return {
    read,
    save(storage, entry) {
      const saved = { ...entry, id: spec.idOf(entry), created: new Date().toISOString() } as T;
      const rest = read(storage).filter((e) => e.id !== saved.id);
      try {
        storage.setItem(spec.key, JSON.stringify([saved, ...rest]));
      } catch (error) {
        throw new Error(
          `the browser refused to store the ${spec.noun} (${error instanceof Error ? error.name : 'storage error'}): ${spec.hint}`,
        );
      }
      return saved;
    },
    remove(storage, id) {
      storage.setItem(spec.key, JSON.stringify(read(storage).filter((e) => e.id !== id)));
    },
  };
}

/** "2026-12-02 00:40" in local time. */
export function shortDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown date';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * Names that tell saved entries apart: "<file name> · <date and time>", and "(2)", "(3)" … on the later of
 * entries that would still read the same (the same file kept twice in one minute). Keyed by entry id.
 */
export function savedLabels(entries: readonly Pick<SavedEntry, 'id' | 'name' | 'created'>[]): Map<string, string> {
  const labels = new Map<string, string>();
  const seen = new Map<string, number>();
  // Oldest first, so the numbers stay as newer entries arrive.
  for (const entry of [...entries].sort((a, b) => a.created.localeCompare(b.created))) {
    const base = `${entry.name} · ${shortDateTime(entry.created)}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    labels.set(entry.id, count === 1 ? base : `${base} (${count})`);
  }
  return labels;
}
