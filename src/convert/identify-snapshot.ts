/**
 * Tell apart the pickles people mistake for StyleGAN-V snapshots, after parsing and before extraction:
 * TensorFlow StyleGAN/StyleGAN2 pickles, legacy torch.save files, StyleGAN2-ADA/StyleGAN3 image
 * generators, and pickles without G_ema. Each gets a refusal that says what the file is.
 */
import { ConvertError } from './errors';
import { PersistentObject } from './known-globals';
import { PyObject } from './py-values';

const TORCH_LEGACY_MAGIC = 119547037146038801333356n;

function isTensorFlowGlobal(qualname: string): boolean {
  return /^(\w+\.)?dnnlib\.tflib(\.|$)/.test(qualname) || qualname.startsWith('tensorflow.');
}

function topLevelKeys(v: Map<unknown, unknown>): string {
  const keys = [...v.keys()].slice(0, 12).map((k) => {
    const s =
      typeof k === 'string'
        ? k
        : typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean' || k === null
          ? String(k)
          : 'an object';
    return s.length > 40 ? `${s.slice(0, 40)}...` : s;
  });
  return keys.length ? keys.join(', ') + (v.size > 12 ? ', ...' : '') : 'none';
}

const IMAGE_GENERATOR =
  'it has no motion encoder, so it cannot make videos. Convert a StyleGAN-V network-snapshot-*.pkl instead';

/** Refuse what is certainly not a StyleGAN-V snapshot; `globals` are the qualnames the pickle referenced. */
export function identifySnapshot(snapshot: unknown, globals: ReadonlySet<string>): void {
  if ([...globals].some(isTensorFlowGlobal)) {
    throw new ConvertError(
      'this is a TensorFlow StyleGAN/StyleGAN2 checkpoint (dnnlib.tflib.network.Network objects; it needs TensorFlow), not StyleGAN-V: ' +
        'StyleGAN-V checkpoints are PyTorch network-snapshot-*.pkl files',
      'tensorflow-stylegan',
      'dnnlib.tflib',
    );
  }
  if (snapshot === TORCH_LEGACY_MAGIC) {
    throw new ConvertError(
      'this is a legacy torch.save file (a state dict or model), not a StyleGAN-V training snapshot: the converter needs the network-snapshot-*.pkl file the training loop writes',
      'torch-save',
    );
  }
  const sg = [...globals].find((g) => /(^|\.)networks_stylegan[23]\./.test(g));
  if (sg)
    throw imageGenerator(
      sg.includes('stylegan3') ? 'a StyleGAN3 image generator' : 'a StyleGAN2-ADA image generator',
      sg,
    );
  if (!(snapshot instanceof Map)) {
    throw new ConvertError(
      `this pickle holds ${describeValue(snapshot)}, not a training snapshot: expected a StyleGAN-V network-snapshot-*.pkl (a dict with G_ema)`,
      'missing-generator',
      'G_ema',
    );
  }
  if (!snapshot.has('G_ema')) {
    throw new ConvertError(
      `the snapshot has no G_ema generator (its keys: ${topLevelKeys(snapshot)}): expected a StyleGAN-V network-snapshot-*.pkl written by the official training loop`,
      'missing-generator',
      'G_ema',
    );
  }
}

function imageGenerator(what: string, setting: string): ConvertError {
  return new ConvertError(`this is ${what}: ${IMAGE_GENERATOR}`, 'image-generator', setting);
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `a tuple/list of ${v.length} items`;
  if (v instanceof PyObject) return `a ${v.__class__} object`;
  if (v instanceof PersistentObject) return `a ${v.className ?? 'persistent'} object`;
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v === 'bigint' ? 'number' : typeof v}`;
}

/**
 * G_ema has no motion encoder: a StyleGAN2-ADA / StyleGAN3 image generator (no experiment cfg, a
 * synthesis `input` layer or a `b4.const`) gets its own refusal; otherwise undefined.
 */
export function imageGeneratorError(
  G: Map<unknown, unknown>,
  synthesis: Map<unknown, unknown> | undefined,
  childOf: (state: Map<unknown, unknown> | undefined, key: string) => Map<unknown, unknown> | undefined,
): ConvertError | undefined {
  const mods = synthesis?.get('_modules');
  const names = mods instanceof Map ? [...mods.keys()].map(String) : [];
  if (names.includes('input') || names.some((n) => /^L\d+_\d+_\d+$/.test(n)))
    return imageGenerator('a StyleGAN3 image generator', 'synthesis.input');
  const b4 = childOf(synthesis, 'b4');
  const params = b4?.get('_parameters');
  if (params instanceof Map && params.has('const'))
    return imageGenerator('a StyleGAN2-ADA image generator', 'synthesis.b4.const');
  if (!G.has('cfg') && names.some((n) => /^b\d+$/.test(n)))
    return imageGenerator('a StyleGAN2-style image generator', 'synthesis');
  return undefined;
}
