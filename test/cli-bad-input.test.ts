/**
 * `bin/stylegan-v convert` on the files users really get from broken download links and wrong repos:
 * one clear `stylegan-v: ...` line, a non-zero exit, no stack trace, and no model folder left behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli';
import { REFERENCE_MODELS } from './support/fixtures';
import { imageGanSnapshot, tensorflowStyleGanPickle } from './support/look-alike-pickles';
import { call, dict, glob, pickleToBytes } from './support/pickle-writer';
import { syntheticSnapshotBytes, TINY_SPEC } from './support/synthetic-snapshot';

const work = mkdtempSync(join(tmpdir(), 'stylegan-v-bad-input-'));
// Payload arguments only: the converter never runs Python, so nothing could create this file.
const marker = join(work, 'pwned');
const tiny = new Uint8Array(readFileSync(join(REFERENCE_MODELS.tiny, 'network-snapshot.pkl')));

const CASES: Array<[string, Uint8Array | string, RegExp]> = [
  [
    'a Google Drive HTML page',
    '\n  <!DOCTYPE html><html><head><title>Google Drive - Quota exceeded</title></head><body>Too many users have viewed or downloaded this file recently.</body></html>',
    /^stylegan-v: this is a web page, not a checkpoint: the download probably failed — e\.g\. a Google Drive quota or confirmation page/,
  ],
  ['a text file', 'Not Found\n', /^stylegan-v: this is a text file, not a checkpoint \(it starts with "Not Found"\)/],
  ['an empty file', '', /^stylegan-v: the file is empty \(0 bytes\)/],
  [
    'a truncated download',
    tiny.subarray(0, 2_000_000),
    /^stylegan-v: the file is truncated or corrupted: the data breaks off at byte [\d,]+ of 2,000,000 \(\d+% of the file\) — the download was probably cut short/,
  ],
  [
    'a torch.save zip archive',
    Uint8Array.from([
      0x50,
      0x4b,
      0x03,
      0x04,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      16,
      0,
      0,
      0,
      ...new TextEncoder().encode('archive/data.pkl'),
    ]),
    /^stylegan-v: this is a PyTorch zip archive \(torch\.save's newer format/,
  ],
  [
    'a gzip file',
    Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]),
    /^stylegan-v: this is a gzip-compressed file, not a StyleGAN-V checkpoint/,
  ],
  [
    'a TensorFlow StyleGAN pickle',
    tensorflowStyleGanPickle(),
    /^stylegan-v: this is a TensorFlow StyleGAN\/StyleGAN2 checkpoint \(dnnlib\.tflib\.network\.Network objects; it needs TensorFlow\), not StyleGAN-V/,
  ],
  [
    'a StyleGAN3 snapshot',
    imageGanSnapshot('stylegan3'),
    /^stylegan-v: this is a StyleGAN3 image generator: it has no motion encoder, so it cannot make videos/,
  ],
  [
    'a StyleGAN2-ADA snapshot',
    imageGanSnapshot('stylegan2', 'src.'),
    /^stylegan-v: this is a StyleGAN2-ADA image generator: it has no motion encoder, so it cannot make videos/,
  ],
  [
    'a pickle without G_ema',
    pickleToBytes(dict({ G: null, D: null })),
    /^stylegan-v: the snapshot has no G_ema generator \(its keys: G, D\)/,
  ],
  [
    'the autoregressive motion variant',
    syntheticSnapshotBytes({ ...TINY_SPEC, genStrategy: 'autoregressive' }).bytes,
    /^stylegan-v: unsupported architecture: model\.generator\.motion\.gen_strategy is "autoregressive"; only 'conv' is supported/,
  ],
  [
    'a snapshot that calls os.system',
    syntheticSnapshotBytes({ ...TINY_SPEC, extraEntries: [['vis', call(glob('os', 'system'), [`touch ${marker}`])]] })
      .bytes,
    /^stylegan-v: refused: this file tries to run code when loaded \(os\.system\) — it is not a plain StyleGAN-V checkpoint; nothing was executed/,
  ],
  [
    'a pickle that calls builtins.eval',
    pickleToBytes(call(glob('builtins', 'eval'), [`open(${JSON.stringify(marker)}, 'w')`]), 2),
    /^stylegan-v: refused: this file tries to run code when loaded \(builtins\.eval\)/,
  ],
  [
    'a pickle that calls subprocess.run',
    pickleToBytes(call(glob('subprocess', 'run'), [`touch ${marker}`])),
    /^stylegan-v: refused: .*\(subprocess\.run\)/,
  ],
  [
    'a pickle that calls builtins.exec',
    pickleToBytes(call(glob('builtins', 'exec'), [`import os; os.system('touch ${marker}')`])),
    /^stylegan-v: refused: .*\(builtins\.exec\)/,
  ],
  [
    'a pickle that imports os through builtins.__import__',
    pickleToBytes(call(glob('builtins', '__import__'), ['os'])),
    /^stylegan-v: refused: .*\(builtins\.__import__\)/,
  ],
];

describe('stylegan-v convert <bad input>', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(CASES)('%s: one clear line, exit != 0, nothing left behind', async (name, content, pattern) => {
    const dir = join(work, name.replace(/\W+/g, '-'));
    mkdirSync(dir);
    const file = join(dir, 'network-snapshot.pkl');
    writeFileSync(file, content);
    const out = join(dir, 'model');
    const result = await cli('convert', file, out);
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['network-snapshot.pkl']); // no staging folder either
  });

  it('a failed conversion into an existing model folder leaves it as it was', async () => {
    const out = join(work, 'existing');
    mkdirSync(out);
    writeFileSync(join(out, 'model.json'), '{"old": true}');
    const file = join(work, 'cut.pkl');
    writeFileSync(file, tiny.subarray(0, 3_000_000));
    const result = await cli('convert', file, out);
    expect(result.code).not.toBe(0);
    expect(readdirSync(out)).toEqual(['model.json']);
    expect(readFileSync(join(out, 'model.json'), 'utf8')).toBe('{"old": true}');
  });

  it('NaN and infinite weights convert, with one warning line for all tensors', async () => {
    const file = join(work, 'nan.pkl');
    const { bytes } = syntheticSnapshotBytes({
      ...TINY_SPEC,
      poisonValues: { 'synthesis.b16.torgb.weight': NaN, 'mapping.w_avg': Infinity },
    });
    writeFileSync(file, bytes);
    const out = join(work, 'nan-model');
    const result = await cli('convert', file, out);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      'warning: 2 tensors have 2 NaN or infinite values (synthesis.b16.torgb.weight: 1, mapping.w_avg: 1): frames may be blank or noisy',
    ]);
    expect(result.stdout).toMatch(/^converted /);
    expect(existsSync(join(out, 'model.json'))).toBe(true);
    expect(readdirSync(work).filter((n) => n.includes('.converting-'))).toEqual([]);
  });

  it('info explains bad input the same way', async () => {
    const file = join(work, 'page-info.pkl');
    writeFileSync(file, '<html><body>Sign in</body></html>');
    const result = await cli('info', file);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^stylegan-v: this is a web page, not a checkpoint/);
  });
});
