/**
 * RIFF/WAVE: written for tests and the command line (PCM 16-bit), and read back for the sizes its header
 * declares, which Mediabunny clamps to the file silently (a cut-short download would play as a shorter sound).
 */

/** Interleaved 16-bit PCM in a WAVE file. */
export function encodeWav(channels: readonly Float32Array[], sampleRate: number): Uint8Array {
  const count = channels[0]?.length ?? 0;
  const n = channels.length;
  const dataBytes = count * n * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, n, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * n * 2, true);
  view.setUint16(32, n * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < n; c++) {
      const v = Math.max(-1, Math.min(1, channels[c]?.[i] ?? 0));
      view.setInt16(44 + (i * n + c) * 2, Math.round(v < 0 ? v * 0x8000 : v * 0x7fff), true);
    }
  }
  return out;
}

export interface WavDeclaredSize {
  /** Bytes the header says the data chunk holds. */
  dataBytes: number;
  /** Bytes of it the file has. */
  presentBytes: number;
}

/**
 * The data chunk's declared and present sizes, or null when `head` is not a WAVE header. `head` is the file's
 * first bytes (the chunks before `data` are small); `fileBytes` its whole size. The 0xFFFFFFFF size streaming
 * writers leave means "to the end of the file".
 */
export function wavDeclaredSize(head: Uint8Array, fileBytes: number): WavDeclaredSize | null {
  const text = (offset: number) => String.fromCharCode(...head.subarray(offset, offset + 4));
  if (head.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let offset = 12;
  while (offset + 8 <= head.length) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    if (id === 'data') {
      const present = Math.max(0, fileBytes - (offset + 8));
      return { dataBytes: size === 0xffffffff ? present : size, presentBytes: present };
    }
    offset += 8 + size + (size & 1);
  }
  return null;
}
