import { BufferTarget, StreamTarget, type StreamTargetChunk, type Target } from 'mediabunny';
import { downloadBlob } from './download';

/**
 * Where an export's bytes go. A file the person picked (File System Access API: written while encoding, so
 * memory stays bounded at any length), or a download (the whole file is kept in memory until it is done).
 */
export interface ExportTarget {
  readonly kind: 'file' | 'download';
  /** The file's name as the person will see it. */
  readonly fileName: string;
  /** The Mediabunny target to write into. */
  readonly target: Target;
  /** After the output is finalized: commits the file to disk, or starts the download. */
  commit(): Promise<void>;
  /** Drops everything written so far and leaves no file behind. Safe to call more than once. */
  discard(): Promise<void>;
}

/** The File System Access API surface we use (not in TypeScript's DOM library yet). */
interface SaveFilePickerOptions {
  suggestedName?: string;
  types?: Array<{ description: string; accept: Record<string, string[]> }>;
}
interface WritableFile {
  write(chunk: { type: 'write'; data: Uint8Array; position: number }): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}
interface SaveFileHandle {
  readonly name: string;
  createWritable(options?: { keepExistingData?: boolean }): Promise<WritableFile>;
  /** Chromium only; deletes the file the picker created. */
  remove?(): Promise<void>;
}
type ShowSaveFilePicker = (options?: SaveFilePickerOptions) => Promise<SaveFileHandle>;

function savePicker(): ShowSaveFilePicker | null {
  const picker = (globalThis as { showSaveFilePicker?: ShowSaveFilePicker }).showSaveFilePicker;
  return typeof picker === 'function' ? picker.bind(globalThis) : null;
}

/** True where exports can stream straight to a file (Chromium-based browsers). */
export function canStreamToFile(): boolean {
  return savePicker() !== null;
}

/**
 * Asks where to save (must run in a click handler: the picker needs user activation). Resolves null when the
 * person closes the picker.
 */
export async function pickFileTarget(
  fileName: string,
  mimeType: string,
  extension: string,
): Promise<ExportTarget | null> {
  const picker = savePicker();
  if (!picker)
    throw new Error('Saving to a file needs the File System Access API (Chromium); choose "Download" instead.');
  let handle: SaveFileHandle;
  try {
    handle = await picker({
      suggestedName: fileName,
      types: [{ description: `${extension.slice(1).toUpperCase()} video`, accept: { [mimeType]: [extension] } }],
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
  const file = await handle.createWritable({ keepExistingData: false });
  return fileTarget(handle, file);
}

/**
 * A StreamTarget over the picked file. Mediabunny closes its stream both when it finishes and when it is
 * canceled, so the stream in between only forwards writes; committing or discarding the file is ours.
 */
function fileTarget(handle: SaveFileHandle, file: WritableFile): ExportTarget {
  let settled = false;
  const forward = new WritableStream<StreamTargetChunk>({
    write: (chunk) => file.write({ type: 'write', data: chunk.data, position: chunk.position }),
  });
  return {
    kind: 'file',
    fileName: handle.name,
    target: new StreamTarget(forward, { chunked: true, chunkSize: 4 * 1024 * 1024 }),
    async commit() {
      settled = true;
      await file.close();
    },
    async discard() {
      if (settled) return;
      settled = true;
      await file.abort().catch(() => undefined);
      // The picker already created an empty file; remove it where the browser lets us.
      await handle.remove?.().catch(() => undefined);
    },
  };
}

/** Keeps the file in memory and downloads it when done; nothing is downloaded if it is discarded. */
export function downloadTarget(fileName: string, mimeType: string): ExportTarget {
  let target: BufferTarget | null = new BufferTarget();
  const current = target;
  return {
    kind: 'download',
    fileName,
    target: current,
    async commit() {
      const buffer = target?.buffer;
      if (!buffer) throw new Error('the export finished without any data');
      target = null;
      downloadBlob(new Blob([buffer], { type: mimeType }), fileName);
    },
    async discard() {
      target = null;
    },
  };
}
