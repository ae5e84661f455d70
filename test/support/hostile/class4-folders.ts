/**
 * Class 4: model folders that lie. Shard paths leaving the folder, links, pipes, devices and folders
 * where files should be, shards listed many times or sized unlike the manifest, dtypes and quantizations
 * the loader does not support, absurd or inconsistent architecture settings, duplicate or misshapen
 * weights, and model.json files that are not model descriptions at all. Every one must be refused before
 * anything outside the folder is read and before any tensor is made.
 */
import type { ModelJson } from '../../../src/model';
import type { BaseModel } from './base-model';
import type { FolderCase, FolderEntry } from './cases';

type Json = ModelJson & Record<string, unknown>;

const clone = (json: ModelJson): Json => JSON.parse(JSON.stringify(json)) as Json;

function folder(
  base: BaseModel,
  json: unknown,
  change: (entries: FolderEntry[]) => FolderEntry[] = (e) => e,
): FolderEntry[] {
  const shards: FolderEntry[] = [...base.shards].map(([name, content]) => ({ name, content }));
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  return change([{ name: 'model.json', content: text }, ...shards]);
}

function replace(entries: FolderEntry[], name: string, entry: FolderEntry): FolderEntry[] {
  return entries.map((e) => (e.name === name ? entry : e));
}

const PATH = /plain file names inside the model folder|plain file name in the folder/;
const ARCH = /^model\.json: architecture\..* — the model folder is damaged or crafted/;

/** `outside` is a file outside the folder that must never be read (its path is used by links). */
export function class4Cases(base: BaseModel, outside: string): FolderCase[] {
  const cases: FolderCase[] = [];
  const add = (name: string, entries: FolderEntry[], message: RegExp) =>
    cases.push({ kind: 'folder', name, entries, message });
  const first = base.json.weightsManifest[0]!.paths[0]!;
  const withJson = (edit: (j: Json) => void) => {
    const j = clone(base.json);
    edit(j);
    return j;
  };

  for (const path of [
    '../../../etc/passwd',
    '/etc/passwd',
    outside,
    '../outside.bin',
    'sub/shard.bin',
    '..',
    '.hidden.bin',
    'model.json',
    '',
    'a'.repeat(300),
    'C:\\shard.bin',
    'shard\u0000.bin',
    'x/../y.bin',
    '/dev/zero',
    '%2e%2e/etc/passwd',
    ' shard.bin',
    'shard.bin\n',
  ]) {
    add(
      `shard path ${JSON.stringify(path.slice(0, 40))}`,
      folder(
        base,
        withJson((j) => (j.weightsManifest[0]!.paths[0] = path)),
      ),
      PATH,
    );
  }
  for (const target of [outside, '/dev/zero', '/etc/passwd', '/proc/self/environ']) {
    add(
      `shard is a symlink to ${target}`,
      folder(base, base.json, (e) => replace(e, first, { name: first, symlink: target })),
      /symbolic link/,
    );
    add(
      `model.json is a symlink to ${target}`,
      folder(base, base.json, (e) => replace(e, 'model.json', { name: 'model.json', symlink: target })),
      /symbolic link/,
    );
  }
  add(
    'shard is a hard link to a file outside',
    folder(base, base.json, (e) => replace(e, first, { name: first, hardlink: outside })),
    /hard link/,
  );
  add(
    'model.json is a hard link to a file outside',
    folder(base, base.json, (e) => replace(e, 'model.json', { name: 'model.json', hardlink: outside })),
    /hard link/,
  );
  add(
    'shard is a FIFO',
    folder(base, base.json, (e) => replace(e, first, { name: first, fifo: true })),
    /not a plain file/,
  );
  add(
    'model.json is a FIFO',
    folder(base, base.json, (e) => replace(e, 'model.json', { name: 'model.json', fifo: true })),
    /not a plain file/,
  );
  add(
    'shard is a folder',
    folder(base, base.json, (e) => replace(e, first, { name: first, dir: true })),
    /not a plain file/,
  );
  add(
    'model.json is a folder',
    folder(base, base.json, (e) => replace(e, 'model.json', { name: 'model.json', dir: true })),
    /not a plain file/,
  );
  add(
    'shard is missing',
    folder(base, base.json, (e) => e.filter((x) => x.name !== first)),
    /is missing from the model folder/,
  );

  for (const times of [2, 20_000]) {
    add(
      `the same shard listed ${times} times`,
      folder(
        base,
        withJson((j) => (j.weightsManifest[0]!.paths = Array.from({ length: times }, () => first))),
      ),
      /listed more than once|more than \d+ shards/,
    );
  }
  add(
    'a shard listed in two groups',
    folder(
      base,
      withJson((j) => j.weightsManifest.push({ paths: [first], weights: [] })),
    ),
    /listed more than once/,
  );
  add(
    '20,000 distinct shards listed',
    folder(
      base,
      withJson((j) => (j.weightsManifest[0]!.paths = Array.from({ length: 20_000 }, (_, i) => `s${i}.bin`))),
    ),
    /more than 4096 shards/,
  );

  for (const delta of [1, 4096, 1 << 20, -1, -4096]) {
    add(
      `a shard ${delta > 0 ? 'longer' : 'shorter'} by ${Math.abs(delta)} bytes`,
      folder(base, base.json, (e) => {
        const shard = base.shards.get(first)!;
        const content =
          delta > 0 ? new Uint8Array(shard.length + delta) : shard.subarray(0, Math.max(0, shard.length + delta));
        if (delta > 0) content.set(shard);
        return replace(e, first, { name: first, content });
      }),
      /the weight files .* model\.json describes/,
    );
  }
  add(
    'an extra shard of zeros listed',
    folder(
      base,
      withJson((j) => j.weightsManifest[0]!.paths.push('extra.bin')),
      (e) => [...e, { name: 'extra.bin', content: new Uint8Array(4096) }],
    ),
    /the weight files .* model\.json describes/,
  );

  for (const dtype of ['int32', 'float64', 'uint8', 'string', 'complex64', 'bool', null, 7]) {
    add(
      `dtype ${JSON.stringify(dtype)}`,
      folder(
        base,
        withJson((j) => ((j.weightsManifest[0]!.weights[1] as unknown as Record<string, unknown>).dtype = dtype)),
      ),
      /only float32 weights/,
    );
  }
  for (const quantization of [
    { dtype: 'uint8', scale: 0.1, min: -1 },
    { dtype: 'uint16', scale: 1, min: 0 },
    { dtype: 'float16', scale: 2 },
    'float16',
    null,
    [],
    { dtype: 'float16', original_dtype: 'int32' },
  ]) {
    add(
      `quantization ${JSON.stringify(quantization)}`,
      folder(
        base,
        withJson(
          (j) => ((j.weightsManifest[0]!.weights[2] as unknown as Record<string, unknown>).quantization = quantization),
        ),
      ),
      /quantization other than/,
    );
  }

  const archEdits: Array<[string, (a: Record<string, unknown>) => void]> = [
    ['numWs 1e9', (a) => (a.numWs = 1e9)],
    ['numWs 1e15', (a) => (a.numWs = 1e15)],
    ['numWs 5', (a) => (a.numWs = 5)],
    ['motion.kernelSize 1e7', (a) => ((a.motion as Record<string, unknown>).kernelSize = 1e7)],
    ['motion.kernelSize 5', (a) => ((a.motion as Record<string, unknown>).kernelSize = 5)],
    ['mapping.numLayers -7', (a) => ((a.mapping as Record<string, unknown>).numLayers = -7)],
    ['mapping.numLayers 1', (a) => ((a.mapping as Record<string, unknown>).numLayers = 1)],
    ['mapping.numLayers 1e9', (a) => ((a.mapping as Record<string, unknown>).numLayers = 1e9)],
    ['motion.motionZDistance 1e-9', (a) => ((a.motion as Record<string, unknown>).motionZDistance = 1e-9)],
    ['motion.motionZDistance 0', (a) => ((a.motion as Record<string, unknown>).motionZDistance = 0)],
    ['motion.motionZDistance -16', (a) => ((a.motion as Record<string, unknown>).motionZDistance = -16)],
    [
      'motion.motionZDistance null (NaN in JSON)',
      (a) => ((a.motion as Record<string, unknown>).motionZDistance = null),
    ],
    ['motion.motionZDistance "16"', (a) => ((a.motion as Record<string, unknown>).motionZDistance = '16')],
    ['imgResolution 3', (a) => (a.imgResolution = 3)],
    ['imgResolution 0', (a) => (a.imgResolution = 0)],
    ['imgResolution 16', (a) => (a.imgResolution = 16)],
    ['wDim 1e9', (a) => (a.wDim = 1e9)],
    ['wDim 4', (a) => (a.wDim = 4)],
    ['cDim -1', (a) => (a.cDim = -1)],
    ['cDim 3', (a) => (a.cDim = 3)],
    ['zDim 0', (a) => (a.zDim = 0)],
    ['imgChannels 4', (a) => (a.imgChannels = 4)],
    ['motion.timeEncDim 1e7', (a) => ((a.motion as Record<string, unknown>).timeEncDim = 1e7)],
    ['motion.codeDim 0', (a) => ((a.motion as Record<string, unknown>).codeDim = 0)],
    ['motion.numConvLayers 1e6', (a) => ((a.motion as Record<string, unknown>).numConvLayers = 1e6)],
    ['motion.numAdditionalCodes -1', (a) => ((a.motion as Record<string, unknown>).numAdditionalCodes = -1)],
    ['fps 0', (a) => (a.fps = 0)],
    ['fps "25"', (a) => (a.fps = '25')],
    ['maxNumFrames -1', (a) => (a.maxNumFrames = -1)],
    ['synthesis.convClamp "x"', (a) => ((a.synthesis as Record<string, unknown>).convClamp = 'x')],
    ['synthesis.useNoise "yes"', (a) => ((a.synthesis as Record<string, unknown>).useNoise = 'yes')],
    [
      'synthesis.useNoise false (noise tensors present)',
      (a) => ((a.synthesis as Record<string, unknown>).useNoise = false),
    ],
    ['synthesis.architecture resnet', (a) => ((a.synthesis as Record<string, unknown>).architecture = 'resnet')],
    ['synthesis.blocks []', (a) => ((a.synthesis as Record<string, unknown>).blocks = [])],
    [
      'synthesis.blocks[1].inChannels -4',
      (a) => (((a.synthesis as Record<string, unknown>).blocks as Array<Record<string, unknown>>)[1]!.inChannels = -4),
    ],
    [
      'synthesis.blocks[1].outChannels 1e9',
      (a) =>
        (((a.synthesis as Record<string, unknown>).blocks as Array<Record<string, unknown>>)[1]!.outChannels = 1e9),
    ],
    ['synthesis.constChannels 1e6', (a) => ((a.synthesis as Record<string, unknown>).constChannels = 1e6)],
    [
      'architecture null',
      (a) => {
        for (const k of Object.keys(a)) delete a[k];
      },
    ],
  ];
  for (const [name, edit] of archEdits) {
    add(
      `architecture ${name}`,
      folder(
        base,
        withJson((j) => edit(j.architecture as unknown as Record<string, unknown>)),
      ),
      /^model\.json: (architecture\.|tensor |the tensor)/,
    );
  }
  add(
    'architecture missing',
    folder(
      base,
      withJson((j) => delete (j as Record<string, unknown>).architecture),
    ),
    ARCH,
  );

  const weights = (j: Json) => j.weightsManifest[0]!.weights as unknown as Array<Record<string, unknown>>;
  add(
    'a duplicated weight name',
    folder(
      base,
      withJson((j) => (weights(j)[1]!.name = weights(j)[0]!.name)),
    ),
    /appears twice/,
  );
  add(
    'a weight with a swapped shape',
    folder(
      base,
      withJson((j) => (weights(j)[0]!.shape = [...(weights(j)[0]!.shape as number[])].reverse().concat([1]))),
    ),
    /has shape .* need|invalid shape/,
  );
  add(
    'a weight of shape [1e9, 1e9]',
    folder(
      base,
      withJson((j) => (weights(j)[0]!.shape = [1e9, 1e9])),
    ),
    /invalid shape|more than [\d,]+ values|has shape/,
  );
  add(
    'a weight with a negative dimension',
    folder(
      base,
      withJson((j) => (weights(j)[0]!.shape = [-1, 8])),
    ),
    /invalid shape/,
  );
  add(
    'a weight name with ..',
    folder(
      base,
      withJson((j) => (weights(j)[0]!.name = '../mapping.fc0.weight')),
    ),
    /malformed name/,
  );
  add(
    'a weight missing',
    folder(
      base,
      withJson((j) => weights(j).splice(3, 1)),
    ),
    /is missing/,
  );
  add(
    'an extra weight',
    folder(
      base,
      withJson((j) => weights(j).push({ name: 'mapping.fc9.weight', shape: [8, 8], dtype: 'float32' })),
    ),
    /not part of the architecture/,
  );
  add(
    'weights not a list',
    folder(
      base,
      withJson((j) => ((j.weightsManifest[0] as unknown as Record<string, unknown>).weights = 'all')),
    ),
    /not a group of paths and weights/,
  );
  add(
    'weightsManifest empty',
    folder(
      base,
      withJson((j) => (j.weightsManifest = [])),
    ),
    /weightsManifest/,
  );

  for (const text of [
    'null',
    '{}',
    '[]',
    '"model"',
    '42',
    'true',
    'not json at all',
    '',
    '{"format": "stylegan-v-studio/model@1"}',
    '{"format": "other@9"}',
    '{'.repeat(100_000),
  ]) {
    add(`model.json is ${JSON.stringify(text.slice(0, 40))}`, folder(base, text), /^model\.json: |is not valid JSON/);
  }
  add(
    'model.json of 17 MB',
    folder(base, JSON.stringify({ ...base.json, description: 'x'.repeat(17 * 1024 * 1024) })),
    /far more than a model description/,
  );
  return cases;
}
