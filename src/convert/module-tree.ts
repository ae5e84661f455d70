/**
 * Walking pickled torch.nn modules: a module's `__dict__` (from a persistent object or a plain module
 * record), its child modules, parameters and buffers, and every tensor under it by state-dict name.
 * Names are checked as they are formed: each part is a Python identifier (or a Sequential index), so no
 * module can forge another's tensor names, and none is long enough to flood a message.
 */
import { quote } from '../model';
import { ConvertError } from './errors';
import { PersistentObject } from './known-globals';
import { PyObject } from './py-values';
import { TorchTensor } from './torch-storage';

export type State = Map<unknown, unknown>;

export interface NamedTensor {
  /** Official state-dict name, e.g. `synthesis.b4.conv1.weight`. */
  name: string;
  tensor: TorchTensor;
}

/** Most modules visited while collecting tensors (shared sub-modules are visited once per path). */
const MAX_MODULE_VISITS = 100_000;
const MAX_DEPTH = 64;
const NAME_PART = /^[A-Za-z_0-9]\w{0,63}$/;

/** A module's `__dict__`: from a persistent object's meta, or from a plain torch.nn module record. */
export function moduleState(v: unknown): State | undefined {
  if (v instanceof PersistentObject) return v.state;
  if (v instanceof PyObject && v.state instanceof Map) return v.state;
  if (v instanceof PyObject && Array.isArray(v.state) && v.state[0] instanceof Map) return v.state[0] as State;
  return undefined;
}

/** One part of a state-dict name (a module, parameter or buffer key). */
function namePart(key: unknown, prefix: string): string {
  if (typeof key !== 'string' || !NAME_PART.test(key)) {
    throw new ConvertError(
      `the snapshot names a module, parameter or buffer ${quote(key, 40)} under ${quote(prefix.replace(/\.$/, '') || 'G_ema', 60)}: ` +
        'names must be Python identifiers (a dotted name would forge another tensor) — the file is damaged or crafted',
      'unsupported-architecture',
      prefix + (typeof key === 'string' ? key.slice(0, 64) : ''),
    );
  }
  return key;
}

export function children(state: State, prefix = ''): Array<[string, State]> {
  const mods = state.get('_modules');
  const out: Array<[string, State]> = [];
  if (!(mods instanceof Map)) return out;
  for (const [k, v] of mods) {
    if (v == null) continue;
    const name = namePart(k, prefix);
    const st = moduleState(v);
    if (!st)
      throw new ConvertError(
        `submodule ${prefix}${name} is not a module record`,
        'unsupported-architecture',
        `${prefix}${name}`,
      );
    out.push([name, st]);
  }
  return out;
}

export function child(state: State | undefined, key: string): State | undefined {
  if (!state) return undefined;
  const mods = state.get('_modules');
  return mods instanceof Map ? moduleState(mods.get(key)) : undefined;
}

export function tensorIn(state: State | undefined, key: string): TorchTensor | undefined {
  if (!state) return undefined;
  for (const slot of ['_parameters', '_buffers']) {
    const m = state.get(slot);
    if (m instanceof Map) {
      const t = m.get(key);
      if (t instanceof TorchTensor) return t;
    }
  }
  return undefined;
}

export function attr(state: State | undefined, key: string): unknown {
  return state?.get(key);
}

/** A module attribute that must be present; its value is checked later, with the other settings. */
export function setting(state: State | undefined, key: string, where: string): unknown {
  const v = attr(state, key);
  if (v === undefined || v === null) {
    throw new ConvertError(
      `${where}.${key} is missing from the snapshot — it is damaged, crafted or not written by the StyleGAN-V training code`,
      'unsupported-architecture',
      `${where}.${key}`,
    );
  }
  return typeof v === 'bigint' ? Number(v) : v;
}

export function optNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Every parameter and buffer under `state`, in state-dict order (own params, own buffers, then children). */
export function collectTensors(
  state: State,
  prefix = '',
  out: NamedTensor[] = [],
  depth = 0,
  budget = { visits: MAX_MODULE_VISITS },
): NamedTensor[] {
  if (depth > MAX_DEPTH)
    throw new ConvertError('module nesting is too deep', 'unsupported-architecture', prefix.slice(0, 200));
  if (--budget.visits < 0)
    throw new ConvertError(`G_ema has more than ${MAX_MODULE_VISITS} modules`, 'unsupported-architecture');
  for (const slot of ['_parameters', '_buffers']) {
    const m = state.get(slot);
    if (!(m instanceof Map)) continue;
    for (const [k, v] of m) {
      if (v == null) continue;
      const name = `${prefix}${namePart(k, prefix)}`;
      if (!(v instanceof TorchTensor)) throw new ConvertError(`${name} is not a tensor`, 'bad-tensor', name);
      out.push({ name, tensor: v });
      if (out.length > MAX_MODULE_VISITS)
        throw new ConvertError(`G_ema has more than ${MAX_MODULE_VISITS} tensors`, 'unsupported-architecture');
    }
  }
  for (const [k, st] of children(state, prefix)) collectTensors(st, `${prefix}${k}.`, out, depth + 1, budget);
  return out;
}
