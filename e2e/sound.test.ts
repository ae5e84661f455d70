/**
 * The clip's sound in the studio: "Add audio" reads a file (a bad one gets one line and changes nothing), the
 * waveform sits under the timeline, the placement fields take typed times, playback plays the sound at the
 * playhead's clip time (after a seek within 40 ms), and adding and moving the sound are undo steps.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeWav } from '../src/audio';
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
});
