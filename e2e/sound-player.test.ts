/**
 * The studio's sound playback in Chromium's Web Audio: what it plays from a clip time is the clip's sound from
 * that time (offset, fades and the clip's end applied), sample for sample up to resampling-free rounding, so
 * after a seek the sound is at the playhead's clip time; a scrub is a short grain of the same samples.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { snrDb } from '../test/support/snr';
import { bundleScript } from './support/bundle';
import { chromiumForSuite } from './support/chromium';
import type { PlayerCheck } from './support/sound-player-entry';

type Placement = { offset: number; fadeIn: number; fadeOut: number };

describe('sound playback', () => {
  const suite = chromiumForSuite();
  let script: string;
  beforeAll(async () => {
    script = await bundleScript(resolve(__dirname, 'support/sound-player-entry.ts'), 'SoundPlayerCheck');
  });

  async function run(clipTime: number, seconds: number, placement: Placement, mode: 'play' | 'scrub') {
    const page = await suite.browser.newPage();
    await page.goto(new URL('models/index.json', inject('baseUrl')).href);
    await page.addScriptTag({ content: script });
    const check = await page.evaluate(
      (args) =>
        (
          globalThis as unknown as {
            SoundPlayerCheck: {
              playFrom: (c: number, s: number, p: Placement, m: 'play' | 'scrub') => Promise<PlayerCheck>;
            };
          }
        ).SoundPlayerCheck.playFrom(...args),
      [clipTime, seconds, placement, mode] as const,
    );
    await page.close();
    return { heard: Float32Array.from(check.heard), expected: Float32Array.from(check.expected) };
  }

  it('plays the clip sound from the seek position, with offset and fades', async () => {
    const placement = { offset: 0.5, fadeIn: 1, fadeOut: 1 };
    for (const clipTime of [1.25, 3.1]) {
      const { heard, expected } = await run(clipTime, 1.5, placement, 'play');
      expect(snrDb(expected, heard)).toBeGreaterThan(40);
      // 40 ms off would not pass: the check can tell.
      expect(snrDb(expected.subarray(Math.round(0.04 * 48_000)), heard)).toBeLessThan(20);
    }
  });

  it('waits in silence until the sound starts, and stops at its end', async () => {
    const { heard, expected } = await run(0, 1, { offset: 0.4, fadeIn: 0, fadeOut: 0 }, 'play');
    expect(Math.max(...heard.subarray(0, Math.round(0.39 * 48_000)).map(Math.abs))).toBe(0);
    expect(snrDb(expected, heard)).toBeGreaterThan(40);
    const tail = await run(4.2, 0.6, { offset: 0.4, fadeIn: 0, fadeOut: 0 }, 'play');
    expect(Math.max(...tail.heard.subarray(Math.round(0.25 * 48_000)).map(Math.abs))).toBe(0);
  });

  it('scrubbing plays a short grain of the same samples', async () => {
    const { heard, expected } = await run(2, 0.3, { offset: 0, fadeIn: 0, fadeOut: 0 }, 'scrub');
    const grain = Math.round(0.08 * 48_000);
    expect(snrDb(expected.subarray(0, grain), heard.subarray(0, grain))).toBeGreaterThan(40);
    expect(Math.max(...heard.subarray(grain + 10).map(Math.abs))).toBe(0);
  });
});
