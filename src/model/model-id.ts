/**
 * Ids for converted models in the browser cache, derived from the snapshot file: its name, its size and
 * a hash of its first megabytes. The same download converts to the same id; a different file of the
 * same name does not.
 */

/** Longest model name (model.json's "name"): the loader refuses longer ones, the converter never writes one. */
export const MAX_MODEL_NAME = 200;

/** Why `name` cannot be a model's name, or undefined. */
export function modelNameProblem(name: unknown): string | undefined {
  if (typeof name === 'string' && [...name].length <= MAX_MODEL_NAME) return undefined;
  return `not a text of at most ${MAX_MODEL_NAME} characters`;
}

/**
 * A model's name from a snapshot's file name (or a name given for it): the extension dropped, clipped to
 * MAX_MODEL_NAME characters (whole code points), so whatever the file is called the loader takes the model.
 */
export function modelNameFor(file: string): string {
  const name = [...file.replace(/\.(pkl|pickle)$/i, '')];
  return name.length <= MAX_MODEL_NAME ? name.join('') : `${name.slice(0, MAX_MODEL_NAME - 1).join('')}…`;
}

/** The bytes of a snapshot file, as much as an id needs (the converter's ByteSource is one). */
export interface SnapshotBytes {
  readonly size: number;
  readonly name?: string;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Bytes hashed from the start of the file. */
export const ID_HASH_BYTES = 4 * 1024 * 1024;

/** A readable, path-safe form of a file name: "network-snapshot-000600.pkl" -> "network-snapshot-000600". */
export function slugify(name: string): string {
  const slug = name
    .replace(/\.(pkl|pickle|pt|pth)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'model';
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** FNV-1a (two 32-bit lanes) where WebCrypto is unavailable (e.g. pages served over plain http). */
export function fallbackHash(bytes: Uint8Array): Uint8Array {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]! ^ (i & 0xff), 0x01000193);
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setUint32(0, a >>> 0);
  new DataView(out.buffer).setUint32(4, b >>> 0);
  return out;
}

async function digest(bytes: Uint8Array): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    try {
      return new Uint8Array(await subtle.digest('SHA-256', bytes.slice()));
    } catch {
      // fall through
    }
  }
  return fallbackHash(bytes);
}

/** `<slug of the name>-<size in base 36>-<12 hex digits of SHA-256 of the first 4 MB>`. */
export async function deriveModelId(source: SnapshotBytes, name = source.name ?? 'model'): Promise<string> {
  const head = await source.read(0, Math.min(ID_HASH_BYTES, source.size));
  const hash = hex(await digest(head)).slice(0, 12);
  return `${slugify(name)}-${source.size.toString(36)}-${hash}`;
}

/** Whether `id` has the shape `deriveModelId` makes (safe as a folder or key name). */
export function isModelId(id: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,80}$/.test(id);
}
