/** A snapshot file on disk as a ByteSource (Node only). */
import { type FileHandle, open } from 'node:fs/promises';
import * as path from 'node:path';
import type { ByteSource } from './byte-source';

/** A ByteSource over a file, read with positioned reads (never loaded whole). Call `close()` when done. */
export class FileByteSource implements ByteSource {
  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    readonly name: string,
  ) {}

  static async open(file: string): Promise<FileByteSource> {
    const handle = await open(file, 'r');
    const { size } = await handle.stat();
    return new FileByteSource(handle, size, path.basename(file));
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.size - offset));
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const { bytesRead } = await this.handle.read(out, done, n - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === n ? out : out.subarray(0, done);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
