import type { LatentSpace } from '../../latent';
import { wsDigest } from '../render/shared/content-ws';

/** A projected picture kept in this browser, so it can be chosen again. */
export interface SavedPicture {
  /** Digest of the ws text: the same ws are stored once. */
  id: string;
  modelId: string;
  /** The picture's file name. */
  name: string;
  /** ws as `encodeWs` text. */
  ws: string;
  psnr: number;
  step: number;
  steps: number;
  space: LatentSpace;
  motionSeed: number;
  /** ISO time it was kept. */
  created: string;
}

export const SAVED_PICTURES_KEY = 'stylegan-v-studio:projected-pictures';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function isSaved(value: unknown): value is SavedPicture {
  const v = value as Partial<SavedPicture> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.modelId === 'string' &&
    typeof v.name === 'string' &&
    typeof v.ws === 'string' &&
    typeof v.psnr === 'number'
  );
}

/** Every saved picture (of every model), newest first; unreadable storage reads as none. */
export function readSavedPictures(storage: Storage): SavedPicture[] {
  try {
    const parsed = JSON.parse(storage.getItem(SAVED_PICTURES_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter(isSaved) : [];
  } catch {
    return [];
  }
}

/** Stores a picture (replacing one with the same ws); throws a clear error when the browser refuses. */
export function savePicture(storage: Storage, entry: Omit<SavedPicture, 'id' | 'created'>): SavedPicture {
  const saved: SavedPicture = { ...entry, id: wsDigest(entry.ws), created: new Date().toISOString() };
  const rest = readSavedPictures(storage).filter((p) => p.id !== saved.id);
  try {
    storage.setItem(SAVED_PICTURES_KEY, JSON.stringify([saved, ...rest]));
  } catch (error) {
    throw new Error(
      `the browser refused to store the picture (${error instanceof Error ? error.name : 'storage error'}): delete some saved pictures`,
    );
  }
  return saved;
}

export function deleteSavedPicture(storage: Storage, id: string): void {
  storage.setItem(SAVED_PICTURES_KEY, JSON.stringify(readSavedPictures(storage).filter((p) => p.id !== id)));
}

/** "2026-12-02 00:40" in local time. */
export function shortDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown date';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * Names that tell saved pictures apart: "<file name> · <date and time>", and "(2)", "(3)" … on the later of
 * entries that would still read the same (the same file kept twice in one minute). Keyed by entry id.
 */
export function savedPictureLabels(
  entries: readonly Pick<SavedPicture, 'id' | 'name' | 'created'>[],
): Map<string, string> {
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
