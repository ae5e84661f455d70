import { describe, expect, it } from 'vitest';
import { encodeWs } from '../render/shared/content-ws';
import { deleteSavedPicture, readSavedPictures, SAVED_PICTURES_KEY, savePicture } from './saved-pictures';

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
