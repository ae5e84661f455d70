/**
 * `render-project --mp4` with sound: the project's own sound found beside it by name and checked by SHA-256
 * (placed as the project says), or `--audio FILE` from clip time 0; the MP4 has one H.264 stream with the
 * clip's frames and one AAC stream as long as the video within one audio frame, whose samples are the placed
 * sound at >= 20 dB SNR. A wrong or missing sound file is refused in one line with nothing written.
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWav, placeAudio } from '../src/audio';
import { cli } from './support/cli';
import { bestLag, snrDb } from './support/snr';
import { decodedLeftChannel, mediaStreams } from './support/sound-media';

const RATE = 44_100;
const song = Float32Array.from({ length: 3 * RATE }, (_, i) => {
  const t = i / RATE;
  const f = 330 * 2 ** ((Math.floor(t * 3) % 4) / 12);
  return 0.4 * Math.sin(2 * Math.PI * f * t);
});
const songBytes = encodeWav([song], RATE);
const sha256 = createHash('sha256').update(songBytes).digest('hex');

function project(sound: object | undefined) {
  return JSON.stringify({
    format: 'stylegan-v-studio-project',
    version: 1,
    model: 'sky64',
    clip: { duration: 1.2, fps: 10 },
    motion: { seed: 3 },
    tracks: { content: [{ at: 0, seed: 1 }] },
    directions: null,
    ...(sound ? { sound } : {}),
  });
}

describe('render-project --mp4 with sound', () => {
  const dir = mkdtempSync(join(tmpdir(), 'render-project-sound-'));
  writeFileSync(join(dir, 'song.wav'), songBytes);
  const placement = { offset: 0.3, fadeIn: 0.2, fadeOut: 0.4 };

  it("muxes the project's sound, placed as the project says", async () => {
    const file = join(dir, 'with-sound.json');
    writeFileSync(file, project({ name: 'song.wav', duration: 3, sha256, ...placement }));
    const out = join(dir, 'clip.mp4');
    const result = await cli('render-project', file, '--mp4', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('with AAC sound');
    const [video, ...audio] = mediaStreams(out).sort((a, b) => (a.codec_type! < b.codec_type! ? 1 : -1));
    expect(video).toMatchObject({ codec_type: 'video', codec_name: 'h264', nb_read_frames: '12' });
    expect(audio).toHaveLength(1);
    expect(audio[0]!.codec_name).toBe('aac');
    expect(Math.abs(Number(audio[0]!.duration) - Number(video!.duration))).toBeLessThanOrEqual(1024 / RATE + 1e-6);
    const expected = placeAudio({ sampleRate: RATE, channels: [song] }, placement, 1.2)[0]!;
    const decoded = decodedLeftChannel(out, RATE);
    const aligned = decoded.subarray(Math.max(0, bestLag(expected, decoded, 2048)));
    expect(snrDb(expected, aligned)).toBeGreaterThan(20);
  });

  it('--audio puts that file at clip time 0 instead', async () => {
    const file = join(dir, 'no-sound.json');
    writeFileSync(file, project(undefined));
    const out = join(dir, 'other.mp4');
    const result = await cli('render-project', file, '--mp4', out, '--audio', join(dir, 'song.wav'));
    expect(result.code).toBe(0);
    const expected = placeAudio({ sampleRate: RATE, channels: [song] }, { offset: 0, fadeIn: 0, fadeOut: 0 }, 1.2)[0]!;
    const decoded = decodedLeftChannel(out, RATE);
    const aligned = decoded.subarray(Math.max(0, bestLag(expected, decoded, 2048)));
    expect(snrDb(expected, aligned)).toBeGreaterThan(20);
  });

  it('refuses a sound that is missing, is another file, or is not a sound, writing nothing', async () => {
    const cases: Array<[object, string]> = [
      [{ name: 'gone.wav', duration: 3, sha256 }, `the project's sound "gone.wav" is not beside`],
      [{ name: 'song.wav', duration: 3, sha256: '0'.repeat(64) }, "is not the project's sound (its SHA-256 differs)"],
    ];
    for (const [sound, message] of cases) {
      const file = join(dir, 'bad.json');
      writeFileSync(file, project(sound));
      const out = join(dir, 'never.mp4');
      const result = await cli('render-project', file, '--mp4', out);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
    writeFileSync(join(dir, 'notes.wav'), 'not a sound');
    const noSound = join(dir, 'no-sound.json');
    const bad = await cli(
      'render-project',
      noSound,
      '--mp4',
      join(dir, 'never.mp4'),
      '--audio',
      join(dir, 'notes.wav'),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"notes.wav" is not a sound file the studio reads');
    expect(existsSync(join(dir, 'never.mp4'))).toBe(false);
    const alone = await cli(
      'render-project',
      noSound,
      '--png',
      join(dir, 'f-%d.png'),
      '--audio',
      join(dir, 'song.wav'),
    );
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--audio needs --mp4');
  });
});
