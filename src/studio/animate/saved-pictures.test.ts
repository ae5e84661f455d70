import { describe, expect, it } from 'vitest';
import { encodeWs } from '../render/shared/content-ws';
import {
  deleteSavedPicture,
  readSavedPictures,
  SAVED_PICTURES_KEY,
  type SavedPicture,
  savedPictureLabels,
  savePicture,
  shortDateTime,
} from './saved-pictures';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

const entry = (value: number, name = 'sky.png') => ({
  modelId: 'sky64',
  name,
  ws: encodeWs(new Float32Array(8).fill(value)),
  psnr: 21.5,
  step: 200,
  steps: 200,
  space: 'w+' as const,
  motionSeed: 1,
});

describe('saved projected pictures', () => {
  it('stores newest first, once per ws, and deletes by id', () => {
    const storage = memoryStorage();
    const a = savePicture(storage, entry(1, 'a.png'));
    const b = savePicture(storage, entry(2, 'b.png'));
    expect(readSavedPictures(storage).map((p) => p.name)).toEqual(['b.png', 'a.png']);
    savePicture(storage, entry(1, 'a again.png'));
    expect(readSavedPictures(storage).map((p) => p.name)).toEqual(['a again.png', 'b.png']);
    expect(a.id).not.toBe(b.id);
    deleteSavedPicture(storage, b.id);
    expect(readSavedPictures(storage).map((p) => p.id)).toEqual([a.id]);
  });

  it('reads damaged storage as empty or skips damaged entries', () => {
    const storage = memoryStorage();
    storage.items.set(SAVED_PICTURES_KEY, '{not json');
    expect(readSavedPictures(storage)).toEqual([]);
    storage.items.set(SAVED_PICTURES_KEY, JSON.stringify([{ id: 1 }, { ...entry(3), id: 'x', created: '' }]));
    expect(readSavedPictures(storage).map((p) => p.id)).toEqual(['x']);
  });

  it('says so when the browser refuses to store', () => {
    const storage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => savePicture(storage, entry(1))).toThrow(/refused to store the picture \(QuotaExceededError\)/);
  });
});

describe('saved picture names', () => {
  const at = (minute: number, second = 0) => new Date(2026, 11, 2, 0, minute, second).toISOString();
  const saved = (id: string, name: string, created: string): SavedPicture => ({
    ...entry(1, name),
    id,
    created,
  });

  it('are the file name and the local date and time', () => {
    expect(shortDateTime(at(40))).toBe('2026-12-02 00:40');
    expect(shortDateTime('not a date')).toBe('unknown date');
  });

  it('tell apart the same file kept twice in one minute, numbering the later ones', () => {
    const labels = savedPictureLabels([
      saved('c', 'sky.png', at(40, 30)),
      saved('b', 'sky.png', at(40, 10)),
      saved('a', 'sky.png', at(39)),
      saved('d', 'sea.png', at(40, 20)),
    ]);
    expect(Object.fromEntries(labels)).toEqual({
      a: 'sky.png · 2026-12-02 00:39',
      b: 'sky.png · 2026-12-02 00:40',
      c: 'sky.png · 2026-12-02 00:40 (2)',
      d: 'sea.png · 2026-12-02 00:40',
    });
  });
});
