import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferTarget, EncodedPacket, EncodedVideoPacketSource, Output, WebMOutputFormat } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { clipRange, clipTStep, fileFrames, openVideo, VideoInputError, videoFromBytes } from '.';

/** A WebM with `count` VP9 packets of a `width` x `height` video at 10 fps (the packets are not real VP9: headers only). */
async function fakeWebm(count: number, width: number, height: number): Promise<Uint8Array> {
  const target = new BufferTarget();
  const output = new Output({ format: new WebMOutputFormat(), target });
  const source = new EncodedVideoPacketSource('vp9');
  output.addVideoTrack(source, { frameRate: 10 });
  await output.start();
  for (let i = 0; i < count; i++)
    await source.add(new EncodedPacket(new Uint8Array(16).fill(i + 1), 'key', i / 10, 0.1), {
      decoderConfig: { codec: 'vp09.00.10.08', codedWidth: width, codedHeight: height },
    });
  await output.finalize();
  return new Uint8Array(target.buffer!);
}

/** A silent 8-bit mono WAV (sound only). */
function wav(samples: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples).fill(128, 44);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => bytes.set(new TextEncoder().encode(s), at);
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 8000, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  text(36, 'data');
  view.setUint32(40, samples, true);
  return bytes;
}

const decodes = { canDecode: async () => true };
async function refusal(name: string, bytes: Uint8Array, options = decodes): Promise<VideoInputError> {
  const error = await openVideo(videoFromBytes(name, bytes), options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VideoInputError);
  return error as VideoInputError;
}

describe('video-input header checks', () => {
  it('reads a clip: container, codec, size, frame rate and length', async () => {
    const opened = await openVideo(videoFromBytes('sky.webm', await fakeWebm(12, 320, 180)), decodes);
    expect(opened.info).toEqual({
      name: 'sky.webm',
      container: 'WebM',
      codec: 'VP9',
      width: 320,
      height: 180,
      fps: 10,
      firstTimestamp: 0,
      durationSeconds: 1.2,
    });
    opened.input.dispose();
  });

  it('refuses, in one line from the header, each kind of bad clip', async () => {
    const text = new TextEncoder().encode('these are notes, not a video');
    expect((await refusal('notes.mp4', text)).message).toBe(
      '"notes.mp4" is not a video the studio reads (MP4, MOV or WebM (H.264, VP8, VP9 or AV1)).',
    );
    expect((await refusal('empty.mp4', new Uint8Array(0))).message).toBe('"empty.mp4" is empty.');
    const sound = await refusal('song.wav', wav(800));
    expect([sound.kind, sound.message]).toEqual([
      'no-video-track',
      '"song.wav" has no video in it (a WAVE file with only sound).',
    ]);
    const none = await refusal('none.webm', await fakeWebm(0, 64, 64));
    expect([none.kind, none.message]).toEqual([
      'no-frames',
      '"none.webm" holds no frames (a WebM file with nothing in it).',
    ]);
    const one = await refusal('one.webm', await fakeWebm(1, 64, 64));
    expect([one.kind, one.message]).toEqual([
      'one-frame',
      '"one.webm" holds one frame only; a clip needs at least 2 (for a still picture, use "Animate a picture").',
    ]);
    const huge = await refusal('huge.webm', await fakeWebm(3, 20000, 20000));
    expect([huge.kind, huge.message]).toEqual([
      'too-large',
      '"huge.webm" is 20000x20000; the studio reads frames of at most 8192 px a side and 33.2 MP.',
    ]);
    const codec = await refusal('sky.webm', await fakeWebm(3, 64, 64), { canDecode: async () => false });
    expect([codec.kind, codec.message]).toEqual([
      'codec',
      'This browser cannot decode the VP9 (vp09.00.10.08) video in "sky.webm"; use MP4, MOV or WebM (H.264, VP8, VP9 or AV1).',
    ]);
  });

  const hasFfmpeg = !spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).error;
  it.skipIf(!hasFfmpeg)('reads an H.264 MP4 that ffmpeg made (25 frames at 12.5 fps, 96x54)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'video-input-')), 'clip.mp4');
    const made = spawnSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=96x54:rate=12.5', '-frames:v', '25'],
      ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', path],
    ]);
    expect(made.status, String(made.stderr)).toBe(0);
    const opened = await openVideo(videoFromBytes('clip.mp4', readFileSync(path)), decodes);
    expect(opened.info).toMatchObject({ container: 'MP4', codec: 'H.264', width: 96, height: 54, fps: 12.5 });
    expect(fileFrames(opened.info)).toBe(25);
    opened.input.dispose();
  });
});

describe('the chosen range', () => {
  const timing = { fps: 30, firstTimestamp: 0, durationSeconds: 10 };

  it('takes every k-th frame from the first at or after the start', () => {
    // 0.5 s at 30 fps is frame 15; 16 frames every 2nd: frames 15, 17, ..., 45 (1.5 s).
    expect(clipRange(timing, { startSeconds: 0.5, frames: 16, frameStep: 2 })).toEqual({
      firstFrame: 15,
      startSeconds: 0.5,
      frames: 16,
      frameStep: 2,
      endSeconds: 1.5 + 0.5 / 30,
      spanSeconds: 1,
      available: 143,
    });
    // A start between frames takes the next one: 0.51 s -> frame 16.
    expect(clipRange(timing, { startSeconds: 0.51, frames: 2, frameStep: 1 }).firstFrame).toBe(16);
    // A start typed from a rounded time (1/3 s as 0.3333) still means that frame.
    expect(clipRange(timing, { startSeconds: 0.3333, frames: 2, frameStep: 1 }).firstFrame).toBe(10);
    // A file whose first frame is at 0.2 s: 0.5 s is its 9th frame (from 0).
    expect(
      clipRange({ ...timing, firstTimestamp: 0.2 }, { startSeconds: 0.5, frames: 2, frameStep: 1 }).firstFrame,
    ).toBe(9);
  });

  it('takes fewer frames when the file ends first, and at most 64', () => {
    // 300 frames; from frame 290 every 3rd: 290, 293, 296, 299 -> 4.
    const end = clipRange(timing, { startSeconds: 290 / 30, frames: 16, frameStep: 3 });
    expect([end.frames, end.available]).toEqual([4, 4]);
    expect(clipRange(timing, { startSeconds: 0, frames: 100, frameStep: 1 }).frames).toBe(64);
  });

  it('says in one line why a range holds fewer than two frames', () => {
    expect(() => clipRange(timing, { startSeconds: 9.95, frames: 8, frameStep: 2 })).toThrow(
      'From 9.95 s the clip holds 1 frame taking every 2nd frame (it is 10.00 s long); choose an earlier start or a smaller step.',
    );
    expect(() => clipRange(timing, { startSeconds: 12, frames: 8, frameStep: 1 })).toThrow(
      'From 12.00 s the clip holds no frame (it is 10.00 s long); choose an earlier start or a smaller step.',
    );
  });

  it("maps the clip's frames onto the model's training frames", () => {
    // A 30 fps clip on a 25 fps model: one clip frame is 25/30 of a training frame; every 3rd is 2.5.
    expect(clipTStep(25, 30, 1)).toBeCloseTo(0.8333333, 6);
    expect(clipTStep(25, 30, 3)).toBe(2.5);
    expect(clipTStep(25, 12.5, 1)).toBe(2);
  });
});
