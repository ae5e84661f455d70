import { describe, expect, it } from 'vitest';
import { defaultVideoState } from '../../state/video-state';
import { encodeWs } from '../shared/content-ws';
import { cellVideo, isVideoOfModel, mainVideo, mainVideoKey, videoKey } from '../shared/video-keys';
import { FrameCache } from './frame-cache';

const frame = (videoKey: string, t: number, bytes = 64) => ({
  videoKey,
  t,
  width: bytes / 4,
  height: 1,
  rgba: new Uint8ClampedArray(bytes),
});

const state = (patch: object = {}) => ({
  ...defaultVideoState('sky64'),
  showOriginal: false,
  directionSigmas: [1, 1, 1, 1, 1, 1, 1, 1],
  model: { cDim: 0 },
  ...patch,
});

describe('frame cache keys', () => {
  it('change with everything that defines the video and nothing else', () => {
    const base = mainVideoKey(state());
    for (const patch of [
      { contentSeed: 2 },
      { motionSeed: 2 },
      { psi: 0.7 },
      { modelId: 'sky256' },
      { edits: [1, 0, 0, 0, 0, 0, 0, 0] },
      { mixSeed: 3 },
    ]) {
      expect(mainVideoKey(state(patch)), JSON.stringify(patch)).not.toBe(base);
    }
    // Not part of the video: time, playback, loop, view; the class of an unconditional model.
    for (const patch of [{ t: 5 }, { playbackFps: 60 }, { loopEnd: 100 }, { classIndex: 3 }, { speed: 2 }]) {
      expect(mainVideoKey(state(patch)), JSON.stringify(patch)).toBe(base);
    }
    expect(mainVideoKey(state({ model: { cDim: 5 }, classIndex: 3 }))).not.toBe(
      mainVideoKey(state({ model: { cDim: 5 }, classIndex: 2 })),
    );
  });

  it('an unedited video has one key whether edits are zero or switched off, and PCA only matters when edited', () => {
    const edited = { edits: [2, 0, 0, 0, 0, 0, 0, 0] };
    expect(mainVideoKey(state({ ...edited, showOriginal: true }))).toBe(mainVideoKey(state()));
    expect(mainVideoKey(state({ directionSigmas: [] }))).toBe(mainVideoKey(state()));
    expect(mainVideoKey(state({ ...edited, directionSigmas: [] }))).not.toBe(mainVideoKey(state(edited)));
    // The edit range is part of an edited video.
    const ranges = state().editRanges.map((r, i) => (i === 0 ? { ...r, group: 'coarse' as const } : r));
    expect(mainVideoKey(state({ ...edited, editRanges: ranges }))).not.toBe(mainVideoKey(state(edited)));
  });

  it('grid cells are unedited: an edit leaves their keys alone', () => {
    const s = state();
    const edited = state({ edits: [2, 0, 0, 0, 0, 0, 0, 0] });
    expect(videoKey('sky64', cellVideo(edited, 0, 0), 8)).toBe(videoKey('sky64', cellVideo(s, 0, 0), 8));
    expect(videoKey('sky64', cellVideo(s, 0, 0), 8)).toBe(videoKey('sky64', mainVideo(s), 8));
    expect(videoKey('sky64', cellVideo(s, 1, 2), 8)).toBe(
      videoKey('sky64', mainVideo(state({ motionSeed: 2, contentSeed: 3 })), 8),
    );
    expect(isVideoOfModel(videoKey('sky64', cellVideo(s, 1, 2), 8), 'sky64')).toBe(true);
    expect(isVideoOfModel(videoKey('sky64', cellVideo(s, 1, 2), 8), 'sky6')).toBe(false);
  });

  it('include the projected content: its ws replace the content seed in the key, in the video and grid column 0', () => {
    const wsA = encodeWs(new Float32Array(1280).fill(0.25));
    const b = new Float32Array(1280).fill(0.25);
    b[1279] = 0.2500001;
    const wsB = encodeWs(b);
    const seeded = mainVideoKey(state());
    const projected = mainVideoKey(state({ contentWs: wsA }));
    expect(projected).not.toBe(seeded);
    expect(mainVideoKey(state({ contentWs: wsB }))).not.toBe(projected);
    expect(mainVideoKey(state({ contentWs: wsA, contentSeed: 7 }))).toBe(projected);
    expect(mainVideoKey(state({ contentWs: wsA, motionSeed: 2 }))).not.toBe(projected);
    expect(mainVideoKey(state({ contentWs: wsA, edits: [1, 0, 0, 0, 0, 0, 0, 0] }))).not.toBe(projected);
    const s = state({ contentWs: wsA });
    expect(mainVideo(s).contentWs).toBe(wsA);
    expect(videoKey('sky64', cellVideo(s, 1, 0), 8)).toBe(mainVideoKey(state({ contentWs: wsA, motionSeed: 2 })));
    expect(cellVideo(s, 0, 1).contentWs).toBeNull();
    expect(videoKey('sky64', cellVideo(s, 0, 1), 8)).toBe(mainVideoKey(state({ contentSeed: 2 })));
  });
});

describe('frame cache', () => {
  it('finds frames by exact (video, t)', () => {
    const cache = new FrameCache(1024);
    cache.put(frame('A', 12.5));
    expect(cache.get('A', 12.5)?.t).toBe(12.5);
    expect(cache.get('A', 12.500001)).toBeUndefined();
    expect(cache.get('B', 12.5)).toBeUndefined();
  });

  it('invalidates exactly one video', () => {
    const cache = new FrameCache(1024);
    for (const t of [0, 1, 2]) {
      cache.put(frame('A', t));
      cache.put(frame('B', t));
    }
    cache.dropVideo('A');
    expect(cache.timesOf('A')).toEqual([]);
    expect(cache.timesOf('B')).toEqual([0, 1, 2]);
    expect(cache.usedBytes).toBe(3 * 64);
    cache.retainVideos((key) => key !== 'B');
    expect(cache.size).toBe(0);
    expect(cache.usedBytes).toBe(0);
  });

  it('stays under its memory cap, evicting the least recently used first', () => {
    const cache = new FrameCache(4 * 64);
    for (const t of [0, 1, 2, 3]) cache.put(frame('A', t));
    cache.get('A', 0); // used: now the newest
    cache.put(frame('A', 4));
    expect(cache.usedBytes).toBeLessThanOrEqual(4 * 64);
    expect(cache.timesOf('A').sort()).toEqual([0, 2, 3, 4]);
    for (let t = 5; t < 50; t++) {
      cache.put(frame('A', t));
      expect(cache.usedBytes).toBeLessThanOrEqual(cache.cap);
    }
    cache.setCap(2 * 64);
    expect(cache.timesOf('A').sort((a, b) => a - b)).toEqual([48, 49]);
    cache.put(frame('A', 99, 1024));
    expect(cache.has('A', 99)).toBe(false); // larger than the whole cap
    expect(cache.usedBytes).toBe(2 * 64);
  });

  it('replacing a frame does not count its bytes twice', () => {
    const cache = new FrameCache(1024);
    cache.put(frame('A', 1));
    cache.put(frame('A', 1));
    expect(cache.usedBytes).toBe(64);
    expect(cache.size).toBe(1);
  });
});
