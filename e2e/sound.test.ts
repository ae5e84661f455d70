/**
 * The clip's sound in the studio: "Add audio" reads a file (a bad one gets one line and changes nothing), the
 * waveform sits under the timeline, the placement fields take typed times, playback plays the sound at the
 * playhead's clip time (after a seek within 40 ms), and adding and moving the sound are undo steps.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeWav } from '../src/audio';
import { bestLag, snrDb } from '../test/support/snr';
import { decodedLeftChannel, mediaStreams } from '../test/support/sound-media';
import { chromiumForSuite } from './support/chromium';
import { StudioPage } from './support/studio-page';

const RATE = 44_100;
/** Clicks every half second over 6 s. */
function clicks(seconds: number): Float32Array {
  const out = new Float32Array(seconds * RATE);
  for (let at = 0.25; at < seconds; at += 0.5)
    for (let i = 0; i < 400; i++) out[Math.round(at * RATE) + i] = 0.8 * Math.sin(i / 3);
  return out;
}

describe('sound in the studio', () => {
  const suite = chromiumForSuite();
  const dir = mkdtempSync(join(tmpdir(), 'sound-e2e-'));
  const song = join(dir, 'clicks.wav');
  const notSound = join(dir, 'notes.wav');
  let studio: StudioPage;
  beforeAll(async () => {
    writeFileSync(song, encodeWav([clicks(6)], RATE));
    writeFileSync(notSound, 'these are notes, not sound');
    studio = await StudioPage.open(suite.browser, inject('baseUrl'));
  });
  afterAll(async () => studio?.page.close());

  const state = () =>
    studio.page.evaluate(() => {
      const s = window.__studio.state();
      return { sound: s.sound, t: s.t, fps: s.model?.trainingFps ?? 25, status: s.soundStatus };
    });

  async function choose(file: string) {
    const chooser = studio.page.waitForEvent('filechooser');
    await studio.page.getByRole('button', { name: /^(Add|Replace) audio$/ }).click();
    await (await chooser).setFiles(file);
  }

  it('adds a sound: its facts, its waveform under the timeline, one undo step', async () => {
    const page = studio.page;
    await choose(song);
    await page.getByTestId('sound-info').waitFor();
    expect(await page.getByTestId('sound-info').textContent()).toMatch(/clicks\.wav.*44\.1 kHz · mono · PCM in WAV/);
    expect((await state()).sound).toMatchObject({ name: 'clicks.wav', duration: 6, offset: 0 });
    await page.getByTestId('sound-waveform').locator('canvas').first().waitFor();
    await page.screenshot({ path: 'e2e-artifacts/sound-1400x900.png' });
    await page.keyboard.press('Control+z');
    expect((await state()).sound).toBeNull();
    await page.keyboard.press('Control+Shift+z');
    expect((await state()).sound?.name).toBe('clicks.wav');
  });

  it('refuses a file that is not sound with one line, keeping the sound it has', async () => {
    await choose(notSound);
    const alert = studio.page.getByRole('alert').filter({ hasText: 'notes.wav' });
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      '"notes.wav" is not a sound file the studio reads (WAV, MP3, AAC/M4A, Ogg Vorbis or Opus).',
    );
    expect((await state()).sound?.name).toBe('clicks.wav');
  });

  it('takes typed times in the placement fields, and refuses a bad one', async () => {
    const page = studio.page;
    const field = page.getByLabel('Sound starts at', { exact: true });
    await field.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('0.5s');
    await page.keyboard.press('Tab');
    expect((await state()).sound?.offset).toBe(0.5);
    await field.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('soon');
    await page.keyboard.press('Tab');
    expect((await state()).sound?.offset).toBe(0.5);
    await field.click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    expect((await state()).sound?.offset).toBe(0);
  });

  it('plays at the playhead: after a seek the sound is at its clip time within 40 ms', async () => {
    const page = studio.page;
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(400);
    expect(await page.evaluate(() => window.__studio.soundClock())).not.toBeNull();
    // A seek while playing: the time slider to 60 frames (2.4 s at 25 fps).
    await page.evaluate(() => {
      const slider = document.querySelector('input[aria-label="Time"]') as HTMLInputElement;
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      set.call(slider, '60');
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const gap = await page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          requestAnimationFrame(() => {
            const s = window.__studio.state();
            resolve(Math.abs((window.__studio.soundClock() ?? Number.NaN) - s.t / (s.model?.trainingFps ?? 25)));
          }),
        ),
    );
    expect(gap).toBeLessThanOrEqual(0.04 + 1 / 25);
    await page.keyboard.press('Space');
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => window.__studio.soundClock())).toBeNull();
  });

  it('"Follow the sound" makes a Time track fastest on the clicks, one undo step; pulses on the onsets', async () => {
    const page = studio.page;
    await page.getByRole('button', { name: 'Follow the sound' }).click();
    const time = async () => page.evaluate(() => window.__studio.state().tracks.time);
    const keys = await time();
    expect(keys.length).toBeGreaterThan(10);
    const segments = keys
      .slice(1)
      .map((k, i) => ({ mid: (k.at + keys[i]!.at) / 2, speed: (k.t - keys[i]!.t) / (k.at - keys[i]!.at) }));
    const phase = (s: number) => (((s - 0.25) % 0.5) + 0.5) % 0.5;
    const inSound = segments.filter((g) => g.mid < 6);
    const fastest = inSound.reduce((a, b) => (b.speed > a.speed ? b : a));
    const slowest = inSound.reduce((a, b) => (b.speed < a.speed ? b : a));
    expect(phase(fastest.mid)).toBeLessThan(0.1);
    expect(phase(slowest.mid)).toBeGreaterThan(0.2);
    await page.screenshot({ path: 'e2e-artifacts/sound-follow-1400x900.png', fullPage: true });
    await page.keyboard.press('Control+z');
    expect(await time()).toEqual([]);
    await page.keyboard.press('Control+Shift+z');
    expect((await time()).length).toBe(keys.length);
    await page.getByLabel('Direction to pulse').selectOption('2');
    await page.getByRole('button', { name: 'Pulse on onsets' }).click();
    const pulses = await page.evaluate(() => window.__studio.state().tracks.directions[2]!);
    expect(pulses.filter((k) => k.value === 2)).toHaveLength(12);
  });

  it('exports the clip with its sound: one audio stream as long as the video, named in the panel', async () => {
    const page = studio.page;
    await page.keyboard.press('Control+z'); // the pulses
    await page.keyboard.press('Control+z'); // the Time track
    expect(await page.evaluate(() => window.__studio.state().tracks.time.length)).toBe(0);
    await page.getByRole('button', { name: 'Export MP4' }).click();
    expect(await page.getByTestId('export-sound').textContent()).toMatch(/Sound: "clicks\.wav" as (AAC|Opus)/);
    await studio.typeNumber('Start t', 25);
    await studio.typeNumber('Duration (s)', 2);
    await page.getByLabel('Save to', { exact: true }).selectOption('download');
    const download = page.waitForEvent('download', { timeout: 180_000 });
    await page.getByRole('button', { name: 'Start export' }).click();
    const file = join(dir, 'with-sound.mp4');
    await (await download).saveAs(file);
    const streams = mediaStreams(file);
    const video = streams.find((x) => x.codec_type === 'video')!;
    const audio = streams.filter((x) => x.codec_type === 'audio');
    expect(audio).toHaveLength(1);
    expect(['aac', 'opus']).toContain(audio[0]!.codec_name);
    expect(Math.abs(Number(audio[0]!.duration) - Number(video.duration))).toBeLessThanOrEqual(0.025);
    // The stretch exported starts at clip time 1 s (t = 25): its first click is at 0.25 s into the file.
    const decoded = decodedLeftChannel(file, RATE);
    const expected = clicks(6).subarray(RATE, RATE * 3);
    const lag = bestLag(expected, decoded, 2048);
    expect(snrDb(expected, decoded.subarray(Math.max(0, lag)))).toBeGreaterThan(20);
  });

  it('a saved project names its sound; opened elsewhere it asks for that file and refuses another', async () => {
    const page = studio.page;
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save project' }).click();
    const saved = join(dir, 'with-sound.json');
    await (await download).saveAs(saved);
    expect(JSON.parse(readFileSync(saved, 'utf8')).sound).toMatchObject({ name: 'clicks.wav', duration: 6 });
    const fresh = await StudioPage.open(suite.browser, inject('baseUrl'));
    try {
      await fresh.page.getByLabel('Project file', { exact: true }).setInputFiles(saved);
      await fresh.page.getByRole('button', { name: 'Choose the sound file' }).waitFor();
      const other = join(dir, 'other.wav');
      writeFileSync(other, encodeWav([clicks(2)], RATE));
      const chooser = fresh.page.waitForEvent('filechooser');
      await fresh.page.getByRole('button', { name: 'Choose the sound file' }).click();
      await (await chooser).setFiles(other);
      const refusal = fresh.page.getByRole('alert').filter({ hasText: 'other.wav' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain("is not this project's sound");
      const again = fresh.page.waitForEvent('filechooser');
      await fresh.page.getByRole('button', { name: 'Choose the sound file' }).click();
      await (await again).setFiles(song);
      await fresh.page.getByTestId('sound-info').waitFor();
      expect(await fresh.page.evaluate(() => window.__studio.state().sound?.format)).toBe('PCM in WAV');
    } finally {
      await fresh.page.close();
    }
  });

  it("a sound file dropped anywhere on the page becomes the clip's sound", async () => {
    const fresh = await StudioPage.open(suite.browser, inject('baseUrl'));
    try {
      const base64 = readFileSync(song).toString('base64');
      const taken = await fresh.page.evaluate(async (data) => {
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], 'dropped.wav', { type: 'audio/wav' }));
        const at = document.querySelector('canvas[aria-label="Video frame"]')!;
        const event = new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true });
        at.dispatchEvent(event);
        return event.defaultPrevented;
      }, base64);
      expect(taken).toBe(true);
      await fresh.page.getByTestId('sound-info').waitFor();
      expect(await fresh.page.evaluate(() => window.__studio.state().sound?.name)).toBe('dropped.wav');
      expect(fresh.consoleErrors).toEqual([]);
    } finally {
      await fresh.page.close();
    }
  });

  it("decodes MP3, AAC in M4A and Ogg Opus with the browser's decoders (or says which it cannot)", async () => {
    const fresh = await StudioPage.open(suite.browser, inject('baseUrl'));
    try {
      for (const [name, args] of [
        ['tone.mp3', []],
        ['tone.m4a', ['-c:a', 'aac']],
        ['tone.opus', ['-c:a', 'libopus']],
      ] as const) {
        const file = join(dir, name);
        execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', song, ...args, file]);
        const chooser = fresh.page.waitForEvent('filechooser');
        await fresh.page.getByRole('button', { name: /^(Add|Replace) audio$/ }).click();
        await (await chooser).setFiles(file);
        await fresh.page.waitForFunction(
          (n) => window.__studio.state().sound?.name === n || window.__studio.state().soundStatus.phase === 'error',
          name,
        );
        const result = await fresh.page.evaluate(() => {
          const s = window.__studio.state();
          return { sound: s.sound, status: s.soundStatus };
        });
        console.log(`[sound] ${name}: ${JSON.stringify(result.sound?.format ?? result.status)}`);
        if (result.status.phase === 'error') expect(result.status.message).toMatch(/cannot decode|decoder/i);
        else expect(Math.abs((result.sound?.duration ?? 0) - 6)).toBeLessThan(0.1);
      }
    } finally {
      await fresh.page.close();
    }
  });
});
