/** Sound files from bytes in memory or from a browser's File (read lazily: a long file is never read whole). */
import { BlobSource, BufferSource } from 'mediabunny';
import type { AudioFile } from './audio-info';

export function audioFromBytes(name: string, bytes: Uint8Array): AudioFile {
  const copy = bytes.slice();
  return {
    name,
    bytes: copy.byteLength,
    source: new BufferSource(copy.buffer),
    head: async (length) => copy.subarray(0, length),
  };
}

export function audioFromBlob(file: Blob & { name?: string }): AudioFile {
  return {
    name: file.name ?? 'sound',
    bytes: file.size,
    source: new BlobSource(file),
    head: async (length) => new Uint8Array(await file.slice(0, length).arrayBuffer()),
  };
}
