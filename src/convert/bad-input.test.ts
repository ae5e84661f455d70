import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SNAPSHOTS } from '../../test/support/fixtures';
import { imageGanSnapshot, tensorflowStyleGanPickle } from '../../test/support/look-alike-pickles';
import { call, dict, glob, list, type Py, PyNewObj, pickleToBytes, tuple } from '../../test/support/pickle-writer';
import { syntheticSnapshotBytes, TINY_SPEC } from '../../test/support/synthetic-snapshot';
import { ConvertError, convertSnapshot, inspectSnapshot, MemoryByteSource, MemorySink, readSnapshot } from './index';

const TINY = SNAPSHOTS.tiny;
const text = (s: string) => new TextEncoder().encode(s);

async function refusal(bytes: Uint8Array, name = 'network-snapshot.pkl'): Promise<ConvertError> {
  const sink = new MemorySink();
  const err = await convertSnapshot(new MemoryByteSource(bytes, name), sink).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConvertError);
  expect(sink.model).toBeUndefined();
  return err as ConvertError;
}

describe('files that are not checkpoints', () => {
  it.each([
    ['an HTML page', '<!DOCTYPE html><html><head><title>Google Drive - Quota exceeded</title></head></html>'],
    ['an HTML page after a BOM and blank lines', '\ufeff\n\n   <html lang="en"><body>Virus scan warning</body></html>'],
    ['an HTML fragment', '  <head><meta charset="utf-8"></head><body>Sign in</body>'],
  ])('%s is a web page from a failed download', async (_what, page) => {
    const err = await refusal(text(page));
    expect(err.code).toBe('web-page');
    expect(err.message).toMatch(
      /^this is a web page, not a checkpoint: the download probably failed — e\.g\. a Google Drive quota/,
    );
  });

  it('plain text is a text file', async () => {
    const err = await refusal(text('version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 123\n'));
    expect(err.code).toBe('text-file');
    expect(err.message).toContain('this is a text file, not a checkpoint');
    expect(err.message).toContain('version https://git-lfs');
  });

  it('a protocol 0 pickle (text-like) is still read as a pickle', async () => {
    const err = await refusal(text("(dp0\nS'G'\np1\nNs."));
    expect(err.code).toBe('missing-generator');
  });

  it('an empty file', async () => {
    expect((await refusal(new Uint8Array(0))).code).toBe('empty-file');
  });

  it('zip: a torch.save archive, an npz, another zip', async () => {
    const zip = (...names: string[]) => {
      const parts: number[] = [];
      for (const n of names) {
        const h = new Uint8Array(30);
        const v = new DataView(h.buffer);
        v.setUint32(0, 0x04034b50, true);
        v.setUint32(18, 2, true);
        v.setUint16(26, n.length, true);
        parts.push(...h, ...text(n), 0x80, 0x02);
      }
      return Uint8Array.from(parts);
    };
    let err = await refusal(zip('archive/data.pkl', 'archive/data/0'));
    expect(err.code).toBe('not-a-pickle');
    expect(err.setting).toBe('torch-zip');
    expect(err.message).toMatch(/a PyTorch zip archive \(torch\.save's newer format/);
    err = await refusal(zip('w.npy', 'b.npy'));
    expect(err.message).toContain('a NumPy .npz archive');
    err = await refusal(zip('stylegan-v/network-snapshot-000100.pkl'));
    expect(err.message).toContain('a zip archive (it holds stylegan-v/network-snapshot-000100.pkl)');
    expect(err.message).toContain('unzip it');
  });

  it.each([
    ['gzip', [0x1f, 0x8b, 0x08, 0x00], /gzip-compressed/],
    ['HDF5', [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0], /HDF5/],
    ['npy', [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], /NumPy \.npy/],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], /an image/],
    [
      'unknown binary',
      [0xde, 0xad, 0xbe, 0xef, 0x00, 0x01],
      /this is not a pickle file \(unrecognised format; it starts with bytes de ad be ef/,
    ],
  ])('%s is named', async (_what, bytes, pattern) => {
    const err = await refusal(Uint8Array.from(bytes as number[]));
    expect(err.code).toBe('not-a-pickle');
    expect(err.message).toMatch(pattern);
  });

  it('a legacy torch.save file', async () => {
    const bytes = new Uint8Array([...pickleToBytes(119547037146038801333356n, 2), ...pickleToBytes(1001, 2)]);
    const err = await refusal(bytes);
    expect(err.code).toBe('torch-save');
  });
});

describe('truncated and corrupted files', () => {
  const full = new Uint8Array(readFileSync(TINY));

  it('says where a cut-short download breaks off, in bytes and percent', async () => {
    const cut = Math.floor(full.length * 0.6);
    const err = await refusal(full.subarray(0, cut));
    expect(err.code).toBe('truncated');
    expect(err.message).toMatch(
      /^the file is truncated or corrupted: the data breaks off at byte [\d,]+ of [\d,]+ \(\d+% of the file\) — the download was probably cut short/,
    );
    expect(err.message).toContain(`of ${cut.toLocaleString('en-US')}`);
  });

  it('a few bytes short of the end', async () => {
    expect((await refusal(full.subarray(0, full.length - 3))).code).toBe('truncated');
  });

  it('an opcode damaged in the middle is corruption at a byte offset', async () => {
    const bad = full.slice();
    bad[2] = 0xff; // the first opcode after PROTO
    const err = await refusal(bad);
    expect(err.code).toBe('corrupt');
    expect(err.message).toMatch(
      /^the file is corrupted at byte 2 of [\d,]+ \(0\.0% of the file\): unknown opcode 0xff/,
    );
  });

  it('a BINBYTES8 length beyond the file is refused before allocating', async () => {
    const bytes = Uint8Array.from([0x80, 0x04, 0x8e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x2e]);
    const err = await refusal(bytes);
    expect(err.code).toBe('truncated');
  });
});

describe('pickles that try to run code', () => {
  const marker = path.join(tmpdir(), `stylegan-v-pwned-${process.pid}`);
  // [what the payload calls, the payload, the first global it names when that is another one]
  const payloads: Array<[string, Py, string?]> = [
    ['os.system', call(glob('os', 'system'), [`touch ${marker}`])],
    ['posix.system', call(glob('posix', 'system'), [`touch ${marker}`])],
    ['nt.system', call(glob('nt', 'system'), [`type nul > ${marker}`])],
    ['builtins.eval', call(glob('builtins', 'eval'), [`__import__('os').system('touch ${marker}')`])],
    ['builtins.exec', call(glob('builtins', 'exec'), [`open('${marker}', 'w')`])],
    ['__builtin__.eval', call(glob('__builtin__', 'eval'), ['1'])],
    [
      'builtins.__import__',
      call(call(glob('builtins', 'getattr'), [call(glob('builtins', '__import__'), ['os']), 'system']), ['id']),
      'builtins.getattr',
    ],
    ['subprocess.Popen', call(glob('subprocess', 'Popen'), [list('sh', '-c', `touch ${marker}`)])],
    ['subprocess.check_output', call(glob('subprocess', 'check_output'), [list('id')])],
    ['builtins.getattr', call(glob('builtins', 'getattr'), [glob('pathlib', 'Path'), 'write_text'])],
    ['builtins.open', call(glob('builtins', 'open'), [marker, 'w'])],
    ['pty.spawn', call(glob('pty', 'spawn'), ['/bin/sh'])],
    ['shutil.rmtree', call(glob('shutil', 'rmtree'), ['/'])],
    ['socket.socket', call(glob('socket', 'socket'), [])],
    [
      'numpy.testing._private.utils.runstring',
      call(glob('numpy.testing._private.utils', 'runstring'), ['1', dict({})]),
    ],
  ];

  it.each(payloads)('%s is refused by name, before anything is built', async (qualname, payload, refusedFirst) => {
    // Hidden in an otherwise valid snapshot (as an extra top-level entry), and as the whole pickle.
    const { bytes } = syntheticSnapshotBytes({ ...TINY_SPEC, extraEntries: [['vis', payload]] });
    for (const input of [bytes, pickleToBytes(payload, 2), pickleToBytes(tuple(payload), 4)]) {
      const err = await refusal(input);
      expect(err.code).toBe('code-execution');
      expect(err.message).toMatch(/^refused: this file tries to run code when loaded \(/);
      expect(err.message).toContain('nothing was executed');
      expect(err.setting).toBe(refusedFirst ?? qualname);
      expect(err.message).toContain(`(${refusedFirst ?? qualname})`);
    }
  });

  it('names the global in the message', async () => {
    const err = await refusal(pickleToBytes(call(glob('os', 'system'), ['id'])));
    expect(err.message).toBe(
      'refused: this file tries to run code when loaded (os.system) — it is not a plain StyleGAN-V checkpoint; nothing was executed. Only convert checkpoints from a source you trust.',
    );
  });

  it("protocol 0's copy_reg._reconstructor over a builtin container base is structure; over anything else a call", () => {
    // How Python 3 pickles a dict subclass (dnnlib.util.EasyDict) with protocol 0.
    const easyDict = (base: string) =>
      text(`ccopy_reg\n_reconstructor\n(csrc.dnnlib.util\nEasyDict\n${base}(dVa\nI1\nstR.`);
    const read = (bytes: Uint8Array) => readSnapshot(new MemoryByteSource(bytes));
    return Promise.all([
      expect(read(easyDict('c__builtin__\ndict\n'))).resolves.toBeDefined(),
      expect(read(easyDict('cmylib\nBase\n'))).rejects.toThrow(/would call mylib\.Base/),
    ]);
  });

  it('the protocol 0 INST opcode is refused too', async () => {
    const err = await refusal(text("(S'id'\nios\nsystem\n."));
    expect(err.code).toBe('code-execution');
  });

  it("refuses a call of anything outside the snapshot's known structure, naming it", async () => {
    for (const [module, name] of [
      ['mylib.hooks', 'make_hook'],
      ['pydoc', 'pipepager'],
      ['_posixsubprocess', 'fork_exec'],
      ['logging.config', 'listen'],
      ['torch.utils.collect_env', 'run'],
    ] as const) {
      const { bytes } = syntheticSnapshotBytes({
        ...TINY_SPEC,
        extraEntries: [['vis', call(glob(module, name), [1])]],
      });
      const err = await refusal(bytes);
      expect(err.code).toBe('code-execution');
      expect(err.setting).toBe(`${module}.${name}`);
      expect(err.message).toContain(`would call ${module}.${name}, which is not part of a StyleGAN-V snapshot`);
    }
  });

  it('names globals outside the known-safe list in a warning when they are only referenced', async () => {
    const { bytes } = syntheticSnapshotBytes({ ...TINY_SPEC, extraEntries: [['vis', glob('pydoc', 'pipepager')]] });
    const seen: string[] = [];
    const r = await convertSnapshot(new MemoryByteSource(bytes), new MemorySink(), { onWarning: (w) => seen.push(w) });
    expect(r.warnings).toEqual(seen);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^this file names pydoc\.pipepager, outside the list of known-safe globals/);
  });
});

describe('other generators', () => {
  it('a TensorFlow StyleGAN pickle', async () => {
    const err = await refusal(tensorflowStyleGanPickle());
    expect(err.code).toBe('tensorflow-stylegan');
    expect(err.message).toMatch(
      /^this is a TensorFlow StyleGAN\/StyleGAN2 checkpoint \(dnnlib\.tflib\.network\.Network objects; it needs TensorFlow\), not StyleGAN-V/,
    );
  });

  it.each([
    ['stylegan2', /^this is a StyleGAN2-ADA image generator: it has no motion encoder, so it cannot make videos/],
    ['stylegan3', /^this is a StyleGAN3 image generator: it has no motion encoder, so it cannot make videos/],
  ] as const)('a %s image snapshot', async (kind, pattern) => {
    for (const prefix of ['', 'src.']) {
      const err = await refusal(imageGanSnapshot(kind, prefix));
      expect(err.code).toBe('image-generator');
      expect(err.message).toMatch(pattern);
    }
  });

  it('a pickled networks_stylegan3 class (not persistent) is named by its module', async () => {
    // A plain torch module pickles as NEWOBJ + BUILD (an instance, not a call).
    const g = new PyNewObj(glob('training.networks_stylegan3', 'Generator'), [], { state: dict({ z_dim: 512 }) });
    const err = await refusal(pickleToBytes(dict({ G_ema: g })));
    expect(err.code).toBe('image-generator');
    expect(err.message).toContain('StyleGAN3');
  });

  it('a dict without G_ema lists its keys', async () => {
    const err = await refusal(pickleToBytes(dict({ G: null, D: null, state_dict: dict({}) })));
    expect(err.code).toBe('missing-generator');
    expect(err.message).toContain('(its keys: G, D, state_dict)');
  });

  it('an unsupported motion generator names the setting', async () => {
    const { bytes } = syntheticSnapshotBytes({ ...TINY_SPEC, genStrategy: 'autoregressive' });
    const err = await refusal(bytes);
    expect(err.code).toBe('unsupported-architecture');
    expect(err.setting).toBe('model.generator.motion.gen_strategy');
  });
});

describe('NaN and infinite weights', () => {
  it('convert with one warning counting the tensors and naming the first', async () => {
    const spec = {
      ...TINY_SPEC,
      poisonValues: {
        'synthesis.b8.conv0.weight': NaN,
        'mapping.fc1.bias': Infinity,
        'synthesis.b4.input.input.const': -Infinity,
      },
    };
    const { bytes } = syntheticSnapshotBytes(spec);
    const seen: string[] = [];
    const r = await convertSnapshot(new MemoryByteSource(bytes), new MemorySink(), { onWarning: (w) => seen.push(w) });
    expect(r.warnings).toEqual(seen);
    // One line for all of them, in state-dict order, as the model loader words it.
    expect(r.warnings).toEqual([
      '3 tensors have 3 NaN or infinite values (synthesis.b4.input.input.const: 1, synthesis.b8.conv0.weight: 1, mapping.fc1.bias: 1): frames may be blank or noisy',
    ]);
  });

  it('real snapshots have none', async () => {
    const r = await convertSnapshot(new MemoryByteSource(new Uint8Array(readFileSync(TINY))), new MemorySink());
    expect(r.warnings).toEqual([]);
  });
});

describe('inspectSnapshot', () => {
  it('refuses the same way', async () => {
    const err = await inspectSnapshot(new MemoryByteSource(text('<!doctype html>'))).catch((e: unknown) => e);
    expect((err as ConvertError).code).toBe('web-page');
  });
});
