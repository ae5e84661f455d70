import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { SNAPSHOTS } from '../test/support/fixtures';
import { baseModel } from '../test/support/hostile/base-model';
import { class1Cases } from '../test/support/hostile/class1-bombs';
import { class3Cases } from '../test/support/hostile/class3-settings';
import { class4Cases } from '../test/support/hostile/class4-folders';
import { imageGanSnapshot, tensorflowStyleGanPickle } from '../test/support/look-alike-pickles';
import { dict, pickleToBytes } from '../test/support/pickle-writer';
import { syntheticSnapshotBytes, TINY_SPEC } from '../test/support/synthetic-snapshot';
import { chromiumForSuite } from './support/chromium';
import { StudioPage, spread } from './support/studio-page';

const tiny = readFileSync(SNAPSHOTS.tiny);

/** A protocol-2 pickle whose loading would call os.system('touch /tmp/pwned'). */
function codeExecutionPickle(): Buffer {
  const command = Buffer.from('touch /tmp/stylegan-v-pwned');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(command.length);
  return Buffer.concat([
    Buffer.from([0x80, 0x02]),
    Buffer.from('cos\nsystem\n'),
    Buffer.from('X'),
    length,
    command,
    Buffer.from([0x85, 0x52, 0x2e]),
  ]);
}

const BAD_INPUTS: Array<[string, Buffer, RegExp]> = [
  [
    'an HTML page saved as .pkl',
    Buffer.from('<!DOCTYPE html><html><head><title>Google Drive - Virus scan warning</title></head></html>'),
    /web page/i,
  ],
  ['a truncated download', tiny.subarray(0, 1_500_000), /cut short/],
  ['a zip file', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200)]), /zip/i],
  [
    'a pickle that runs code',
    codeExecutionPickle(),
    /tries to run code when loaded \(os\.system\).*nothing was executed/,
  ],
  ['a TensorFlow StyleGAN pickle', Buffer.from(tensorflowStyleGanPickle()), /TensorFlow StyleGAN/],
  [
    'a StyleGAN3 image checkpoint',
    Buffer.from(imageGanSnapshot('stylegan3')),
    /StyleGAN3 image generator: it has no motion encoder/,
  ],
  [
    'a StyleGAN2-ADA image checkpoint',
    Buffer.from(imageGanSnapshot('stylegan2', 'src.')),
    /StyleGAN2-ADA image generator: it has no motion encoder/,
  ],
  [
    'a pickle without G_ema',
    Buffer.from(pickleToBytes(dict({ G: null, D: null }))),
    /has no G_ema generator \(its keys: G, D\)/,
  ],
  [
    'the autoregressive motion variant',
    Buffer.from(syntheticSnapshotBytes({ ...TINY_SPEC, genStrategy: 'autoregressive' }).bytes),
    /unsupported architecture: model\.generator\.motion\.gen_strategy is "autoregressive"/,
  ],
];

/** Issue #11 in the page: one crafted case of class 1 (a work bomb) and of class 3 (a setting that disagrees). */
const HOSTILE_INPUTS: Array<[string, Buffer, RegExp]> = [
  [
    'class 1: thousands of config interpolations copying a big string',
    Buffer.from([...class1Cases()].find((c) => c.name.startsWith('3000 interpolations'))!.bytes),
    /refused: the file asks for more than [\d,]+ MB of config interpolation output/,
  ],
  [
    'class 3: mapping.num_layers = -7',
    Buffer.from([...class3Cases()].find((c) => c.name === 'MappingNetwork.num_layers = -7')!.bytes),
    /the snapshot's setting mapping\.num_layers is -7, but it must be an integer from 1 to 32/,
  ],
];

describe('loading an official checkpoint in the studio', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');

  it('converts a .pkl in a worker, shows it, and keeps it in the browser for next time', async () => {
    const context = await chromium.browser.newContext();
    const studio = await StudioPage.open(context, baseUrl);
    await studio.page
      .getByLabel('Load checkpoint')
      .setInputFiles({ name: 'tiny-snapshot.pkl', mimeType: 'application/octet-stream', buffer: tiny });
    await studio.page.waitForFunction(() => window.__studio.state().model?.resolution === 32, undefined, {
      timeout: 120_000,
    });
    await studio.idle();
    expect(spread(await studio.framePixels())).toBeGreaterThan(1);
    expect(await studio.page.$eval('canvas[aria-label="Video frame"]', (c) => (c as HTMLCanvasElement).width)).toBe(32);
    const key = (await studio.state('modelId')) as string;
    expect(key).toMatch(/^cache:/);
    // Stored once it is on screen: then the picker lists it under its stored name.
    await studio.page.waitForFunction(
      (k) => window.__studio.state().cachedModels.some((m) => `cache:${m.id}` === k),
      key,
      { timeout: 60_000 },
    );
    expect(await studio.page.locator('optgroup[label="Converted in this browser"] option').textContent()).toMatch(
      /^tiny-snapshot 32px \([\d.]+ MB\)$/,
    );
    expect(studio.consoleErrors).toEqual([]);

    // A new visit in the same browser lists the converted model with its size and reopens it from the cache.
    const again = await StudioPage.open(context, `${baseUrl}/#model=${encodeURIComponent(key)}`);
    const option = again.page.locator('optgroup[label="Converted in this browser"] option');
    await expect.poll(() => option.count()).toBe(1);
    // Named after its file and resolution, so converted models are told apart.
    expect(await option.textContent()).toMatch(/^tiny-snapshot 32px \([\d.]+ MB\)$/);
    expect((await again.state('model')) as { resolution: number }).toMatchObject({ resolution: 32 });

    // Deleting it removes it from the list and returns to the default model.
    await again.page.getByRole('button', { name: 'Delete from this browser' }).click();
    await again.page
      .getByRole('alertdialog', { name: 'Delete tiny-snapshot 32px?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect.poll(() => option.count()).toBe(0);
    await again.page.waitForFunction(() => window.__studio.state().modelId === 'sky64');
    await context.close();
  });

  it.each(BAD_INPUTS)('explains %s in one clear message and keeps the current model', async (_, bytes, message) => {
    const studio = await StudioPage.open(chromium.browser, baseUrl);
    await studio.page
      .getByLabel('Load checkpoint')
      .setInputFiles({ name: 'network-snapshot-001000.pkl', mimeType: 'application/octet-stream', buffer: bytes });
    const alert = studio.page.getByRole('alert').filter({ hasText: message });
    await alert.first().waitFor({ timeout: 60_000 });
    expect(await studio.state('modelId')).toBe('sky64');
    expect(spread(await studio.framePixels())).toBeGreaterThan(5);
    if (/runs code/.test(_)) await studio.page.screenshot({ path: 'e2e-artifacts/bad-checkpoint.png' });
    await studio.page.close();
  });

  it.each(HOSTILE_INPUTS)(
    "%s: refused with the CLI's message, the tab stays responsive",
    async (name, bytes, message) => {
      const studio = await StudioPage.open(chromium.browser, baseUrl);
      await studio.page
        .getByLabel('Load checkpoint')
        .setInputFiles({ name: 'network-snapshot-001000.pkl', mimeType: 'application/octet-stream', buffer: bytes });
      await studio.page.getByRole('alert').filter({ hasText: message }).first().waitFor({ timeout: 60_000 });
      expect(await studio.state('modelId')).toBe('sky64');
      // The page still answers: a main-thread task runs promptly and the frame is still drawn.
      expect(
        await studio.page.evaluate(
          () =>
            new Promise<number>((done) => {
              const t0 = performance.now();
              setTimeout(() => done(performance.now() - t0), 0);
            }),
        ),
      ).toBeLessThan(5000);
      expect(spread(await studio.framePixels())).toBeGreaterThan(5);
      if (name.startsWith('class 1')) await studio.page.screenshot({ path: 'e2e-artifacts/hostile-class1.png' });
      await studio.page.close();
    },
  );

  it('class 4: a model folder whose manifest points outside the folder is refused and the current model stays', async () => {
    const base = await baseModel();
    const lie = class4Cases(base, '/tmp/outside.bin').find((c) => c.name === 'shard path "../../../etc/passwd"')!;
    const files = lie.entries.map((e) => ({
      name: e.name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('content' in e ? e.content : ''),
    }));
    const studio = await StudioPage.open(chromium.browser, baseUrl);
    await studio.page.getByLabel('Load checkpoint').setInputFiles(files);
    const alert = studio.page.getByRole('alert').filter({
      hasText:
        /shard path "\.\.\/\.\.\/\.\.\/etc\/passwd": shard paths must be plain file names inside the model folder/,
    });
    await alert.first().waitFor({ timeout: 60_000 });
    expect(await studio.state('modelId')).toBe('sky64');
    expect(spread(await studio.framePixels())).toBeGreaterThan(5);
    await studio.page.screenshot({ path: 'e2e-artifacts/hostile-class4.png' });
    await studio.page.close();
  });

  it('converts a checkpoint with NaN weights and names the tensor in a warning', async () => {
    const { bytes } = syntheticSnapshotBytes({ ...TINY_SPEC, poisonValues: { 'synthesis.b16.torgb.weight': NaN } });
    const studio = await StudioPage.open(chromium.browser, baseUrl);
    await studio.page
      .getByLabel('Load checkpoint')
      .setInputFiles({ name: 'nan-snapshot.pkl', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    const warning = studio.page
      .getByRole('status')
      .filter({ hasText: /Warning: synthesis\.b16\.torgb\.weight has 1 NaN or infinite value/ });
    await warning.first().waitFor({ timeout: 60_000 });
    // The warning does not stop the conversion: the model loads.
    await studio.page.waitForFunction(() => window.__studio.state().model?.name === 'nan-snapshot', undefined, {
      timeout: 60_000,
    });
    await studio.page.close();
  });
});
