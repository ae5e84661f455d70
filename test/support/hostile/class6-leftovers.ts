/**
 * Class 6: leftovers and wording. Pickles whose honest answer was a wrong message (a newer protocol
 * called corrupt, a GPU storage called unsupported, a long list called deep nesting, float16 overflow
 * not mentioned at all).
 */
import { OP } from '../../../src/convert';
import { persistentModule } from '../pickle-torch';
import { call, dict, glob, list, PyInt, PyPersId, PyStreamBytes, pickleToBytes, tuple } from '../pickle-writer';
import { syntheticSnapshotBytes, TINY_SPEC } from '../synthetic-snapshot';
import { type PickleCase, RawPickle } from './cases';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `_load_from_bytes` of a legacy storage stream whose storage type is `torch.cuda.<kind>` at `location`. */
function gpuStorage(kind: string, location: string): Uint8Array {
  const numel = 4;
  const header = concat([
    pickleToBytes(new PyInt(119547037146038801333356n), 2),
    pickleToBytes(1001, 2),
    pickleToBytes(
      dict({ protocol_version: 1001, little_endian: true, type_sizes: dict({ short: 2, int: 4, long: 4 }) }),
      2,
    ),
    pickleToBytes(new PyPersId(tuple('storage', glob('torch.cuda', kind), 'k0', location, numel, null)), 2),
    pickleToBytes(list('k0'), 2),
  ]);
  const count = new Uint8Array(8);
  new DataView(count.buffer).setBigInt64(0, BigInt(numel), true);
  const payload = concat([header, count, new Uint8Array(numel * 4)]);
  const storage = call(glob('torch.storage', '_load_from_bytes'), [
    new PyStreamBytes(payload.length, (w) => w(payload)),
  ]);
  const t = call(glob('torch._utils', '_rebuild_tensor_v2'), [
    storage,
    0,
    tuple(numel),
    tuple(1),
    false,
    call(glob('collections', 'OrderedDict'), []),
  ]);
  return pickleToBytes(dict({ G_ema: persistentModule({ className: 'Generator', params: [['w', t]] }) }));
}

export function* class6Cases(): Generator<PickleCase> {
  for (const protocol of [6, 7, 16]) {
    const bytes = new RawPickle(protocol).op(OP.NONE).stop();
    yield {
      kind: 'pickle',
      name: `pickle protocol ${protocol}`,
      bytes,
      message: new RegExp(`protocol ${protocol}.*not written by the StyleGAN-V training code`),
    };
  }
  yield {
    kind: 'pickle',
    name: 'out-of-band buffers',
    bytes: new RawPickle(5).op(OP.NEXT_BUFFER).stop(),
    message: /no StyleGAN-V checkpoint uses/,
  };
  for (const [kind, location] of [
    ['FloatStorage', 'cuda:0'],
    ['HalfStorage', 'cuda:1'],
    ['LongStorage', 'cuda'],
  ] as const) {
    yield {
      kind: 'pickle',
      name: `a torch.cuda.${kind} at ${location}`,
      bytes: gpuStorage(kind, location),
      message: new RegExp(`stored on the GPU \\(torch\\.cuda\\.${kind}, location "${location}"\\)`),
    };
  }
  for (const items of [300_000, 1_000_000]) {
    const p = new RawPickle().op(OP.EMPTY_DICT).str('G').op(OP.EMPTY_LIST).op(OP.MARK);
    for (let i = 0; i < items; i++) p.op(OP.NONE);
    const bytes = p.op(OP.APPENDS).op(OP.SETITEM).stop();
    yield {
      kind: 'pickle',
      name: `${items} items in one APPENDS`,
      bytes,
      message: /has no G_ema generator \(its keys: G\)/,
    };
  }
  for (const value of [65520, 1e5, -3e38, 1e30]) {
    const { bytes } = syntheticSnapshotBytes({
      ...TINY_SPEC,
      resolution: 8,
      channelMax: 4,
      discriminatorBytes: 1,
      poisonValues: { 'mapping.fc1.bias': value },
    });
    yield {
      kind: 'pickle',
      name: `--fp16 with a weight of ${value}`,
      bytes,
      fp16: true,
      message: /^mapping\.fc1\.bias has 1 value beyond float16's range .* convert without --fp16/,
    };
  }
}
