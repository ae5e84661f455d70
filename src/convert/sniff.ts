/**
 * Recognise what a file is from its first bytes, before parsing it as a pickle: web pages and text
 * saved as .pkl (failed downloads), archives and other formats. Returns the user-facing refusal, or
 * undefined when the file may be a pickle.
 */
import { quoteText } from '../util';
import { ConvertError } from './errors';

/** How many leading bytes `sniffFormat` wants. */
export const SNIFF_BYTES = 4096;

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

function startsWith(head: Uint8Array, magic: number[] | string, at = 0): boolean {
  const m = typeof magic === 'string' ? Array.from(magic, (c) => c.charCodeAt(0)) : magic;
  if (head.length < at + m.length) return false;
  return m.every((b, i) => head[at + i] === b);
}

const notACheckpoint = (what: string, todo: string, setting: string) =>
  new ConvertError(`this is ${what}, not a StyleGAN-V checkpoint: ${todo}`, 'not-a-pickle', setting);

/** The names of the first few entries of a zip file (local file headers). */
function zipEntryNames(head: Uint8Array): string[] {
  const names: string[] = [];
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let at = 0;
  while (names.length < 8 && at + 30 <= head.length && view.getUint32(at, true) === 0x04034b50) {
    const compressed = view.getUint32(at + 18, true);
    const nameLen = view.getUint16(at + 26, true);
    const extraLen = view.getUint16(at + 28, true);
    if (at + 30 + nameLen > head.length) break;
    names.push(latin1(head.subarray(at + 30, at + 30 + nameLen)));
    const flags = view.getUint16(at + 6, true);
    if (flags & 0x08) break; // sizes follow the data: cannot skip ahead
    at += 30 + nameLen + extraLen + compressed;
  }
  return names;
}

function describeZip(head: Uint8Array): ConvertError {
  const names = zipEntryNames(head);
  if (names.some((n) => /(^|\/)data\.pkl$/.test(n) || /(^|\/)(data|version|byteorder)$/.test(n))) {
    return notACheckpoint(
      "a PyTorch zip archive (torch.save's newer format: a state dict or model)",
      'the converter needs the network-snapshot-*.pkl file the StyleGAN-V training loop writes (a plain pickle of G, D and G_ema)',
      'torch-zip',
    );
  }
  if (names.length > 0 && names.every((n) => n.endsWith('.npy'))) {
    return notACheckpoint('a NumPy .npz archive', 'convert the network-snapshot-*.pkl file instead', 'npz');
  }
  const listed = names.length ? ` (it holds ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})` : '';
  return notACheckpoint(`a zip archive${listed}`, 'unzip it and convert the network-snapshot-*.pkl inside', 'zip');
}

/** Mostly printable UTF-8/ASCII text (no NULs, few control characters). */
function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let bad = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) bad++;
  }
  if (bad > head.length / 100) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    return false;
  }
}

/** The opening of a protocol 0/1 pickle (text-like) rather than prose. */
function looksLikeTextPickle(text: string): boolean {
  return /^(\((dp|lp|t|S'|I\d|V|N)|\}q?|\]q?|\)|c[\w.]+\n[\w.]+\n|N\.|I\d+\n|S'|V[^\n]*\n)/.test(text);
}

/** Refuse files that are certainly not a pickle; undefined when the file may be one. */
export function sniffFormat(head: Uint8Array, size: number): ConvertError | undefined {
  if (size === 0) {
    return new ConvertError(
      'the file is empty (0 bytes): the download probably failed — download the checkpoint again',
      'empty-file',
    );
  }
  // Pickle protocol 2-5, or a newer protocol (the machine names it) rather than "a text file".
  if (head[0] === 0x80 && head.length >= 2 && head[1]! >= 2 && head[1]! <= 16) return undefined;

  if (startsWith(head, 'PK\x03\x04') || startsWith(head, 'PK\x05\x06')) return describeZip(head);
  if (startsWith(head, [0x1f, 0x8b])) {
    return notACheckpoint(
      'a gzip-compressed file',
      'decompress it first (e.g. `gunzip`) and convert the .pkl inside',
      'gzip',
    );
  }
  if (startsWith(head, 'BZh'))
    return notACheckpoint('a bzip2-compressed file', 'decompress it first (`bunzip2`)', 'bzip2');
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))
    return notACheckpoint('an xz-compressed file', 'decompress it first (`unxz`)', 'xz');
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd]))
    return notACheckpoint('a zstd-compressed file', 'decompress it first (`unzstd`)', 'zstd');
  if (startsWith(head, '7z\xbc\xaf\x27\x1c'))
    return notACheckpoint('a 7-Zip archive', 'extract it and convert the .pkl inside', '7z');
  if (startsWith(head, 'Rar!')) return notACheckpoint('a RAR archive', 'extract it and convert the .pkl inside', 'rar');
  if (startsWith(head, 'ustar', 257))
    return notACheckpoint('a tar archive', 'extract it (`tar xf`) and convert the .pkl inside', 'tar');
  if (startsWith(head, '\x89HDF\r\n\x1a\n')) {
    return notACheckpoint(
      'an HDF5 file (Keras/TensorFlow weights)',
      'StyleGAN-V checkpoints are PyTorch pickles (network-snapshot-*.pkl)',
      'hdf5',
    );
  }
  if (startsWith(head, '\x93NUMPY'))
    return notACheckpoint('a NumPy .npy array', 'convert the network-snapshot-*.pkl file instead', 'npy');
  if (head.length >= 10 && head[8] === 0x7b && head[9] === 0x22) {
    const n = new DataView(head.buffer, head.byteOffset).getUint32(0, true);
    if (n > 0 && n < size && head[4] === 0 && head[5] === 0 && head[6] === 0 && head[7] === 0) {
      return notACheckpoint(
        'a safetensors file',
        'the converter needs the network-snapshot-*.pkl file the training loop writes',
        'safetensors',
      );
    }
  }
  if (startsWith(head, '\x89PNG') || startsWith(head, [0xff, 0xd8, 0xff]) || startsWith(head, 'GIF8')) {
    return notACheckpoint('an image', 'download the checkpoint (network-snapshot-*.pkl) itself', 'image');
  }
  if (startsWith(head, 'ftyp', 4) || startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    return notACheckpoint('a video file', 'download the checkpoint (network-snapshot-*.pkl) itself', 'video');
  }
  if (startsWith(head, '%PDF')) return notACheckpoint('a PDF document', 'download the checkpoint itself', 'pdf');

  // Text: strip a BOM and leading whitespace.
  let text = latin1(head.subarray(0, 1024));
  if (startsWith(head, [0xef, 0xbb, 0xbf])) text = text.slice(3);
  else if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) text = text.slice(2).replace(/\0/g, '');
  const trimmed = text.replace(/^[\s\0]+/, '');
  if (
    /^<(!doctype\s+html|html|head|body|!--|meta|script|title|div|\?xml[^>]*>\s*<(!doctype\s+)?html)/i.test(trimmed) ||
    /<html[\s>]/i.test(text)
  ) {
    return new ConvertError(
      'this is a web page, not a checkpoint: the download probably failed — e.g. a Google Drive quota or confirmation page was saved instead of the file. ' +
        'Open the link in a browser, follow the download prompt, and convert the real network-snapshot-*.pkl',
      'web-page',
    );
  }
  if (
    startsWith(head, [0xff, 0xfe]) ||
    startsWith(head, [0xfe, 0xff]) ||
    (looksLikeText(head) && !looksLikeTextPickle(trimmed))
  ) {
    const firstLine = trimmed
      .split(/\r?\n/, 1)[0]!
      .slice(0, 60)
      .replace(/[^\x20-\x7e]/g, '?');
    return new ConvertError(
      `this is a text file, not a checkpoint (it starts with ${quoteText(firstLine)}): the download probably failed or the wrong file was picked — ` +
        'download the network-snapshot-*.pkl again',
      'text-file',
    );
  }
  return undefined;
}
