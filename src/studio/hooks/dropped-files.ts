/** What was dropped on the page, from its files (and the folders in it, read through their entries). */
import { isSoundFileName } from '../../audio';
import { isVideoFileName } from '../../video-input';

export type DropKind = 'pickle' | 'folder' | 'picture' | 'video' | 'sound' | 'other' | 'none';

/**
 * A .pkl loads; model.json (with its shards) loads as a folder; a picture belongs to "Animate a picture"; one
 * video file (MP4, MOV, WebM) opens "Animate a video" with it; one sound file becomes the clip's sound.
 */
export function dropKind(names: readonly string[]): DropKind {
  if (names.length === 0) return 'none';
  const lower = names.map((n) => n.toLowerCase());
  if (lower.some((n) => n.endsWith('.pkl') || n.endsWith('.pickle'))) return 'pickle';
  if (lower.includes('model.json')) return 'folder';
  if (lower.every((n) => /\.(png|jpe?g|webp)$/.test(n))) return 'picture';
  if (names.length === 1 && isVideoFileName(names[0]!)) return 'video';
  if (names.length === 1 && isSoundFileName(names[0]!)) return 'sound';
  return 'other';
}

/** The one line for a drop that loads nothing. */
export function dropNotice(kind: DropKind): string | null {
  if (kind === 'picture') return 'To animate a picture, drop it on "Animate a picture"';
  if (kind === 'other')
    return 'Drop an official .pkl or a converted model folder (model.json with its .bin files) to load a model, a sound file (WAV, MP3, M4A, Ogg) for the clip, or one video (MP4, MOV, WebM) to animate';
  return null;
}

interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?(done: (file: File) => void, fail: (error: unknown) => void): void;
  createReader?(): { readEntries(done: (entries: Entry[]) => void, fail: (error: unknown) => void): void };
}

async function entryFiles(entry: Entry, depth = 0): Promise<File[]> {
  if (entry.isFile && entry.file) return [await new Promise<File>((done, fail) => entry.file!(done, fail))];
  if (!entry.isDirectory || !entry.createReader || depth > 2) return [];
  const reader = entry.createReader();
  const all: File[] = [];
  for (;;) {
    const batch = await new Promise<Entry[]>((done, fail) => reader.readEntries(done, fail));
    if (batch.length === 0) return all;
    for (const child of batch) all.push(...(await entryFiles(child, depth + 1)));
  }
}

/**
 * The dropped files, a dropped folder's included. Entries must be taken while the drop event runs, so this
 * is called synchronously from the handler and resolves later.
 */
export function droppedFiles(data: DataTransfer | null): Promise<File[]> {
  if (!data) return Promise.resolve([]);
  const items = [...(data.items ?? [])].filter((item) => item.kind === 'file');
  const entries = items.map((item) => (item.webkitGetAsEntry?.() ?? null) as Entry | null);
  const plain = [...data.files];
  if (!entries.some((e) => e?.isDirectory)) return Promise.resolve(plain);
  return Promise.all(entries.map((e, i) => (e ? entryFiles(e) : Promise.resolve(plain[i] ? [plain[i]!] : [])))).then(
    (lists) => lists.flat(),
  );
}
