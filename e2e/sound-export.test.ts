/**
 * A clip exported with sound by the browser's own encoders: one audio stream (AAC, or Opus where the browser
 * has no AAC encoder, as Debian's Chromium), as long as the video within one audio frame, and what a player
 * decodes from it equals the placed sound at ≥ 20 dB SNR.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bestLag, snrDb } from '../test/support/snr';
import { decodedLeftChannel, mediaStreams } from '../test/support/sound-media';
import { bundleScript } from './support/bundle';
import { chromiumForSuite } from './support/chromium';
import type { SoundExport } from './support/sound-export-entry';

describe('export with sound', () => {
  const suite = chromiumForSuite();
  let script: string;
  beforeAll(async () => {
    script = await bundleScript(resolve(__dirname, 'support/sound-export-entry.ts'), 'SoundExportCheck');
  });

  it.each([44_100, 48_000])("a %d Hz sound: one stream, the video's length, the placed samples", async (rate) => {
    const page = await suite.browser.newPage();
    await page.goto(new URL('models/index.json', inject('baseUrl')).href);
    await page.addScriptTag({ content: script });
    const result = await page.evaluate(
      ([r]) =>
        (
          globalThis as unknown as {
            SoundExportCheck: { exportWithSound: (rate: number, fps: number, count: number) => Promise<SoundExport> };
          }
        ).SoundExportCheck.exportWithSound(r, 25, 75),
      [rate] as const,
    );
    await page.close();
    expect(result.codec).toMatch(/^(AAC|Opus)$/);
    const file = join(mkdtempSync(join(tmpdir(), 'sound-export-')), 'clip.mp4');
    writeFileSync(file, Buffer.from(result.bytes));
    const streams = mediaStreams(file);
    const video = streams.find((s) => s.codec_type === 'video')!;
    const audio = streams.filter((s) => s.codec_type === 'audio');
    expect(audio).toHaveLength(1);
    expect(audio[0]!.codec_name).toBe(result.codec === 'AAC' ? 'aac' : 'opus');
    const audioFrame = result.codec === 'AAC' ? 1024 / rate : 0.02;
    expect(Math.abs(Number(audio[0]!.duration) - Number(video.duration))).toBeLessThanOrEqual(audioFrame + 1e-6);

    const decoded = decodedLeftChannel(file, rate);
    const expected = Float32Array.from(result.expected);
    const lag = bestLag(expected, decoded, 2048);
    const aligned = lag >= 0 ? decoded.subarray(lag) : Float32Array.from([...new Float32Array(-lag), ...decoded]);
    expect(snrDb(expected, aligned)).toBeGreaterThan(20);
    // A sound a quarter second off fails the same bound.
    expect(snrDb(expected.subarray(rate / 4), aligned)).toBeLessThan(20);
  });
});
