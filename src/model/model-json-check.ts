/**
 * A model folder's model.json, checked before anything is read or built from it: the format, the
 * architecture (every setting's type and range, as for a snapshot), and a weights manifest whose shard
 * paths are plain file names in the folder (listed once), whose tensors are exactly those the
 * architecture implies (names, shapes), stored as float32 or the converter's float16, and whose size
 * stays within what a browser can hold.
 */
import { checkArchitecture } from './architecture-check';
import { checkWeightShapes } from './expected-weights';
import { MODEL_FORMAT, type ModelJson, type WeightEntry, type WeightsManifestGroup } from './format';
import { ModelError, quote } from './model-error';
import { modelNameProblem } from './model-id';

export const MODEL_FOLDER_LIMITS = {
  /** model.json itself. */
  jsonBytes: 16 * 1024 * 1024,
  groups: 16,
  shards: 4096,
  /** All weights together (the largest official model is about 130 MB as float32). */
  weightBytes: 1024 * 1024 * 1024,
} as const;

/** A shard path: a plain file name inside the folder (no folders, no '..', no hidden or absolute paths). */
export const SHARD_NAME = /^[A-Za-z0-9_][\w.-]{0,99}$/;

export function isShardName(path: unknown): path is string {
  return typeof path === 'string' && SHARD_NAME.test(path) && !path.includes('..') && path !== 'model.json';
}

const TODO = 'the model folder is damaged or crafted; convert the snapshot again';

function fail(message: string, setting?: string): never {
  throw new ModelError(`model.json: ${message} — ${TODO}`, setting);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Bytes one weight entry occupies in the shards. */
export function entryBytes(entry: WeightEntry): number {
  return entry.shape.reduce((a, b) => a * b, 1) * (entry.quantization ? 2 : 4);
}

function checkEntry(raw: unknown, where: string): WeightEntry {
  if (!isObject(raw)) fail(`${where} is ${quote(raw)}, not a weight entry`);
  if (raw.dtype !== 'float32')
    fail(
      `${where} (${quote(raw.name, 60)}) has dtype ${quote(raw.dtype)}; only float32 weights are supported`,
      `${where}.dtype`,
    );
  if (raw.quantization !== undefined) {
    const q = raw.quantization;
    if (!isObject(q) || q.dtype !== 'float16' || Object.keys(q).length !== 1) {
      fail(
        `${where} (${quote(raw.name, 60)}) has a quantization other than {"dtype": "float16"}; only the converter's float16 storage is supported`,
        `${where}.quantization`,
      );
    }
  }
  return raw as unknown as WeightEntry;
}

/** Check a parsed model.json; returns it typed, or throws a `ModelError` naming the problem. */
export function checkModelJson(value: unknown): ModelJson {
  if (!isObject(value)) fail(`the file holds ${quote(value)}, not a model description`);
  if (value.format === undefined)
    fail('it has no "format": it is not a model description written by the converter', 'format');
  if (value.format !== MODEL_FORMAT) {
    fail(`unsupported model format ${quote(value.format)} (expected ${MODEL_FORMAT})`, 'format');
  }
  const nameProblem = modelNameProblem(value.name);
  if (nameProblem) fail(`name is ${quote(value.name)}, ${nameProblem}`, 'name');
  if (value.description !== undefined && (typeof value.description !== 'string' || value.description.length > 2000)) {
    fail('description is not a text of at most 2000 characters', 'description');
  }
  const architecture = checkArchitecture(value.architecture, 'model');
  const manifest = value.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length < 1 || manifest.length > MODEL_FOLDER_LIMITS.groups) {
    fail(
      `weightsManifest is ${quote(manifest)}, not a list of 1 to ${MODEL_FOLDER_LIMITS.groups} weight groups`,
      'weightsManifest',
    );
  }
  const shardNames = new Set<string>();
  const weights: WeightEntry[] = [];
  let totalBytes = 0;
  manifest.forEach((group: unknown, g) => {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      fail(`weightsManifest[${g}] is not a group of paths and weights`, `weightsManifest[${g}]`);
    }
    for (const path of group.paths as unknown[]) {
      if (!isShardName(path))
        fail(
          `weightsManifest[${g}] lists the shard path ${quote(path)}: shard paths must be plain file names inside the model folder`,
          `weightsManifest[${g}].paths`,
        );
      if (shardNames.has(path)) fail(`the shard ${path} is listed more than once`, `weightsManifest[${g}].paths`);
      shardNames.add(path);
      if (shardNames.size > MODEL_FOLDER_LIMITS.shards)
        fail(`more than ${MODEL_FOLDER_LIMITS.shards} shards are listed`, 'weightsManifest');
    }
    if ((group.paths as unknown[]).length === 0)
      fail(`weightsManifest[${g}] lists no shard files`, `weightsManifest[${g}].paths`);
    for (const [i, raw] of (group.weights as unknown[]).entries()) {
      weights.push(checkEntry(raw, `weightsManifest[${g}].weights[${i}]`));
    }
  });
  // Names, shapes and sizes against the architecture (this also bounds the total before any multiplication overflows).
  checkWeightShapes(architecture, weights, 'model');
  for (const entry of weights) totalBytes += entryBytes(entry);
  if (totalBytes > MODEL_FOLDER_LIMITS.weightBytes)
    fail(
      `the weights take ${totalBytes.toLocaleString('en-US')} bytes, more than the ${MODEL_FOLDER_LIMITS.weightBytes.toLocaleString('en-US')} a model may have`,
    );
  return value as unknown as ModelJson;
}

/** Bytes the shards of a (checked) group must hold together. */
export function groupBytes(group: WeightsManifestGroup): number {
  return group.weights.reduce((n, e) => n + entryBytes(e), 0);
}

/** Parse model.json text; a syntax error becomes a `ModelError`. */
export function parseModelJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail('the file is not valid JSON');
  }
}
