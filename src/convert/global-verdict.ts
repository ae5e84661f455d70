/**
 * The verdict on the globals a pickle names, from an allow-list: what a Python load of the file would
 * import, instantiate or call, compared with what a StyleGAN-V snapshot is made of.
 *
 * - On the deny-list (os.system, eval, ...): refused as soon as it is named (dangerous-globals.ts).
 * - Built by the converter (known-globals.ts, torch storages), or a known-safe reference: fine.
 * - Instantiated (NEWOBJ, `cls.__new__`) from the snapshot's own namespaces (torch.nn modules, optimizers,
 *   OmegaConf nodes, the StyleGAN-V repository's classes): the snapshot's structure.
 * - Called (REDUCE, OBJ, INST, a reconstructor's base, a rebuild's function) and not a known constructor,
 *   in any namespace, or instantiated outside the snapshot's namespaces: Python would run it when loading
 *   the file: refused, naming it.
 * - Anything else only named: a warning naming it (Python would import it; we never do).
 */
import { ConvertError } from './errors';
import type { CallKind } from './pickle-machine';

/** Namespaces of the classes a StyleGAN-V snapshot is built from. */
const STRUCTURE_NAMESPACES = [
  'omegaconf.',
  'torch.nn.modules.',
  'torch.nn.parameter.',
  'torch.optim.',
  'training.',
  'src.training.',
  'torch_utils.',
  'src.torch_utils.',
  'dnnlib.',
  'src.dnnlib.',
  'metrics.',
  'src.metrics.',
];

/** Plain references a snapshot holds (OmegaConf's ref_type / key_type, numpy arrays). */
const SAFE_REFERENCES = new Set([
  'typing.Any',
  'typing.Optional',
  'typing.Union',
  'typing.List',
  'typing.Dict',
  'typing.Tuple',
  ...[
    'int',
    'float',
    'str',
    'bool',
    'bytes',
    'dict',
    'list',
    'tuple',
    'set',
    'frozenset',
    'object',
    'complex',
    'type',
  ].flatMap((n) => [`builtins.${n}`, `__builtin__.${n}`]),
  'numpy.ndarray',
  'torch.Tensor',
  'torch.Size',
  'torch.float32',
  'torch.float16',
  'torch.device',
]);

/** Functions Python may call while loading a harmless file, kept as inert records here. */
const SAFE_CALLS = new Set([
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'torch.Size',
  'torch.device',
]);

const inStructure = (qualname: string) => STRUCTURE_NAMESPACES.some((p) => qualname.startsWith(p));

export interface GlobalUse {
  /** Every global the pickle named, with whether the converter builds it itself (known constructor). */
  named: ReadonlyMap<string, { known: boolean }>;
}

export interface GlobalVerdict {
  /** Warnings naming what is outside the known-safe list but not a call outside the structure. */
  warnings: string[];
}

function list(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => n.slice(0, 100));
  return shown.join(', ') + (names.length > shown.length ? ` and ${names.length - shown.length} more` : '');
}

/**
 * Throws the refusal for a call of anything but a known constructor, whatever its namespace (a
 * `dnnlib.util.call_func_by_name` would call whatever it is given), or an instance of a class outside the
 * snapshot's namespaces (Python would run its `__setstate__`, `__reduce__` or `__del__`). Checked as the
 * pickle is read.
 */
export function refuseCallOutsideStructure(qualname: string, kind: CallKind): void {
  const name = qualname.slice(0, 100);
  if (kind === 'call' && !SAFE_CALLS.has(qualname)) {
    throw new ConvertError(
      `refused: loading this file in Python would call ${name}, which is not part of a StyleGAN-V snapshot — ` +
        'it could run code; nothing was executed. Only convert checkpoints from a source you trust.',
      'code-execution',
      name,
    );
  }
  if (kind === 'new' && !inStructure(qualname)) {
    throw new ConvertError(
      `refused: loading this file in Python would create a ${name} object, which is not part of a StyleGAN-V snapshot — ` +
        'it could run code; nothing was executed. Only convert checkpoints from a source you trust.',
      'code-execution',
      name,
    );
  }
}

/** The warnings for globals only named (calls and instances were judged as the pickle was read). */
export function judgeGlobals(use: GlobalUse): GlobalVerdict {
  const warnings: string[] = [];
  const unknown = [...use.named]
    .filter(([q, { known }]) => !known && !SAFE_REFERENCES.has(q) && !SAFE_CALLS.has(q) && !inStructure(q))
    .map(([q]) => q);
  if (unknown.length > 0) {
    warnings.push(
      `this file names ${list(unknown)}, outside the list of known-safe globals: Python would import ${unknown.length === 1 ? 'it' : 'them'} ` +
        'when loading the file (the converter never does); check where the file comes from',
    );
  }
  return { warnings };
}
