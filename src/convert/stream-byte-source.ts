/**
 * A snapshot as it downloads: a ByteSource over a ReadableStream, so the converter starts on the first
 * bytes instead of waiting for the whole file. Reads wait until their bytes have arrived; a stream that ends
 * or fails early makes the reads past it short, which the converter reports as a truncated file.
 */
import { type ByteSource, MemoryByteSource } from './byte-source';
import { PickleError } from './errors';

export class StreamByteSource implements ByteSource {
  private readonly bytes: Uint8Array;
  private received = 0;
  private ended = false;
  private failure: unknown;
  private waiters: Array<() => void> = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  /** `size`: the download's length as the server announced it (Content-Length of an unencoded body). */
  constructor(
    stream: ReadableStream<Uint8Array>,
    readonly size: number,
    readonly name?: string,
  ) {
    this.bytes = new Uint8Array(size);
    this.reader = stream.getReader();
    void this.pump();
  }

  /** Bytes arrived so far. */
  get bytesReceived(): number {
    return this.received;
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done) break;
        const take = Math.min(value.length, this.size - this.received);
        this.bytes.set(take === value.length ? value : value.subarray(0, take), this.received);
        this.received += take;
        this.wake();
        if (this.received === this.size) break;
      }
    } catch (error) {
      this.failure = error;
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + length);
    while (this.received < end && !this.ended) await new Promise<void>((wake) => this.waiters.push(wake));
    if (this.received < end && this.failure !== undefined)
      throw new PickleError(
        `the download broke off after ${this.received} of ${this.size} bytes`,
        this.received,
        'truncated',
      );
    return this.bytes.subarray(offset, Math.max(offset, Math.min(end, this.received)));
  }

  /** Stops the download (the converter is done with it, or gave up). */
  cancel(): void {
    void this.reader.cancel().catch(() => undefined);
  }
}

/** A download of unknown length (no Content-Length, or a compressed body): read whole, then converted. */
export async function bufferWholeStream(stream: ReadableStream<Uint8Array>, name?: string): Promise<ByteSource> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new MemoryByteSource(bytes, name);
}
