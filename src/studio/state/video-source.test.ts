import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeWs, encodeWs, projectFitProblem } from '../../authoring';
import { motionCodes } from '../../engine';
import { motionFile } from '../../latent';
import type { ModelArchitecture } from '../../model';
import {
  chooseSavedVideo,
  isClipContent,
  readSavedVideos,
  SAVED_VIDEOS_KEY,
  savedVideoLabels,
  saveVideo,
} from '../animate/saved-videos';
import { studioProject } from '../render/shared/studio-project';
import { cellVideo, mainVideo, mainVideoKey, sameContent, videoKey } from '../render/shared/video-keys';
import { openProjectText, saveProjectText } from '../tracks/project-io';
import { openGridCell, redo, setMotionZ, setSeed, undo } from './actions';
import { applyLink } from './links';
import { type ModelInfo, useStudio } from './store';
import { decodeLink, encodeHash } from './url-state';
import { defaultVideoState } from './video-state';

const MOTION = { zDim: 128, numConvLayers: 2, kernelSize: 11, motionZDistance: 32 };
const model: ModelInfo = {
  name: 'sky64',
  resolution: 64,
  cDim: 0,
  numWs: 10,
  trainingFps: 25,
  layerWIndices: [],
  motion: MOTION,
};
const s = () => useStudio.getState();
/** 22 fitted rows (a 4-frame clip of sky64 at t = 0 .. 12), as a fit would return them. */
const FITTED = motionCodes(42, 0, 22, 128).map((v) => v * 0.9);
const FITTED_TEXT = encodeWs(FITTED);
const WS_TEXT = encodeWs(new Float32Array(1280).fill(0.25));

beforeEach(() => {
  useStudio.setState({
    ...defaultVideoState('sky64'),
    models: [{ id: 'sky64', name: 'sky64', path: 'sky64/model.json', default: true } as never],
    model,
    notices: [],
    pendingLink: null,
    modelRequest: null,
    playing: false,
  });
  useStudio.temporal.getState().clear();
});

describe('fitted motion as a video source', () => {
  it('is in the video and its key: other rows, another key; content batching ignores it; grid row 0 plays it', () => {
    const state = { ...s(), contentWs: WS_TEXT, motionZ: FITTED_TEXT };
    const video = mainVideo(state);
    expect(video.motionZ).toBe(FITTED_TEXT);
    const keys = new Set([
      mainVideoKey(state),
      mainVideoKey({ ...state, motionZ: encodeWs(FITTED.map((v) => v + 0.01)) }),
      mainVideoKey({ ...state, motionZ: null }),
      mainVideoKey({ ...state, motionSeed: 2 }),
    ]);
    expect(keys.size).toBe(4);
    // Without fitted motion the key is what it always was.
    const plain = mainVideo({ ...state, motionZ: null });
    expect(JSON.parse(videoKey('sky64', plain, 0))[2]).toBe(1);
    expect(JSON.parse(mainVideoKey(state))[2]).toEqual([1, expect.stringMatching(/^z:/)]);
    expect(sameContent(video, plain)).toBe(true);
    expect(cellVideo(state, 0, 1).motionZ).toBe(FITTED_TEXT);
    expect(cellVideo(state, 1, 0).motionZ).toBeUndefined();
    expect(cellVideo(state, 1, 0).motionSeed).toBe(2);
  });

  it('round-trips through a link; damaged rows are named and play the motion seed', () => {
    const state = { ...defaultVideoState('sky64'), contentWs: WS_TEXT, motionZ: FITTED_TEXT, motionSeed: 3 };
    const hash = encodeHash(state);
    const back = decodeLink(hash, 'sky64', null);
    expect(back.problems).toEqual([]);
    expect(back.state.motionZ).toBe(FITTED_TEXT);
    expect(back.state.motionSeed).toBe(3);
    expect(decodeWs(back.state.motionZ!)).toEqual(FITTED);
    // sky64's text: 22 rows of 128 float32 values as base64url.
    expect(FITTED_TEXT.length).toBe(Math.ceil((22 * 128 * 4 * 4) / 3));
    const cut = hash.replace(/motionZ=[^&]+/, `motionZ=${FITTED_TEXT.slice(0, 101)}`);
    const damaged = decodeLink(cut, 'sky64', null);
    expect(damaged.state.motionZ).toBeNull();
    expect(damaged.problems).toEqual([expect.stringContaining('fitted motion (motionZ=…) is damaged')]);
    expect(decodeLink(encodeHash(defaultVideoState('sky64')), 'sky64', null).state.motionZ).toBeNull();

    applyLink(`#${hash}`);
    expect([s().motionZ, s().contentWs, s().motionSeed]).toEqual([FITTED_TEXT, WS_TEXT, 3]);
    undo();
    expect(s().motionZ).toBeNull();
  });

  it('a new motion seed drops the fitted rows (one undo step brings them back); a content seed keeps them', () => {
    chooseSavedVideo({ ws: WS_TEXT, motionZ: FITTED_TEXT, motionSeed: 5 });
    expect([s().contentWs, s().motionZ, s().motionSeed, s().view]).toEqual([WS_TEXT, FITTED_TEXT, 5, 'video']);
    setSeed('contentSeed', 9);
    expect([s().contentWs, s().motionZ]).toEqual([null, FITTED_TEXT]);
    setSeed('motionSeed', 6);
    expect([s().motionZ, s().motionSeed]).toEqual([null, 6]);
    undo();
    expect([s().motionZ, s().motionSeed]).toEqual([FITTED_TEXT, 5]);
    undo();
    expect([s().contentWs, s().motionZ]).toEqual([WS_TEXT, FITTED_TEXT]);
    undo();
    expect([s().contentWs, s().motionZ]).toEqual([null, null]);
    redo();
    expect(s().motionZ).toBe(FITTED_TEXT);
    openGridCell(0, 1);
    expect(s().motionZ).toBe(FITTED_TEXT);
    openGridCell(1, 0);
    expect([s().motionZ, s().motionSeed]).toEqual([null, 6]);
    undo();
    expect(s().motionZ).toBe(FITTED_TEXT);
    // "Use motion seed" in the Video panel: the seed alone, one undo step.
    setMotionZ(null);
    expect([s().motionZ, s().motionSeed]).toEqual([null, 5]);
    undo();
    expect(s().motionZ).toBe(FITTED_TEXT);
  });

  it("with tracks, the project's motion_z is the fitted rows then the seed's, as the CLI motion file, for the clip", () => {
    const state = {
      ...s(),
      motionZ: FITTED_TEXT,
      motionSeed: 4,
      clipSeconds: 10,
      showOriginal: false,
      directionSigmas: [],
      tracks: {
        ...s().tracks,
        psi: [
          { at: 0, value: 0.5 },
          { at: 4, value: 1 },
        ],
      },
    };
    const project = studioProject(state)!;
    if (!('z' in project.project.motion)) throw new Error('no motion rows in the project');
    const [rows, zDim] = project.project.motion.z.shape;
    expect(zDim).toBe(128);
    // 10 s at 25 fps: t up to 249, code 7; codes 7 and 8 read rows 7 .. 8 + 21 - 1.
    expect(rows).toBe(29);
    expect(project.project.motion.z.data).toEqual(motionFile(FITTED, 4, rows!, 128));
    const arch = { numWs: 10, wDim: 128, cDim: 0, fps: 25, motion: { ...MOTION, codeDim: 128 } };
    expect(projectFitProblem(project.project, arch as unknown as ModelArchitecture)).toBeUndefined();
    const seeded = studioProject({ ...state, motionZ: null })!;
    expect(seeded.project.motion).toEqual({ seed: 4 });
    expect(seeded.key).not.toBe(project.key);
    expect(project.key.length).toBeLessThan(2000);

    // A saved project opens with those rows as the fitted motion (the seed continues past them).
    const opened = openProjectText(saveProjectText(state, null), { ...defaultVideoState('sky64'), motionSeed: 8 });
    expect(decodeWs(opened.state.motionZ!)).toEqual(motionFile(FITTED, 4, rows!, 128));
    expect(opened.state.motionSeed).toBe(8);
  });
});

describe('saved videos', () => {
  const memory = () => {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    };
  };
  const entry = (name = 'sea.mp4', motionSeed = 1) => ({
    modelId: 'sky64',
    name,
    ws: WS_TEXT,
    motionZ: FITTED_TEXT,
    motionSeed,
    psnr: 24.5,
    framePsnr: [24, 25],
    tStep: 4,
    frames: 2,
    step: 3,
    steps: 3,
    space: 'w+' as const,
  });

  it('keeps every fit once, newest first, named "<file> · <date time>"', () => {
    const storage = memory();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 2, 10, 0, 0));
    const a = saveVideo(storage, entry());
    vi.setSystemTime(new Date(2026, 11, 2, 10, 0, 10));
    const b = saveVideo(storage, entry('sea.mp4', 2));
    vi.setSystemTime(new Date(2026, 11, 2, 10, 0, 20));
    saveVideo(storage, entry());
    vi.useRealTimers();
    const all = readSavedVideos(storage);
    expect(all.map((v) => v.id)).toEqual([a.id, b.id]);
    expect(all[0]).toMatchObject({ motionZ: FITTED_TEXT, tStep: 4, frames: 2, psnr: 24.5 });
    const labels = savedVideoLabels(all);
    expect(labels.get(b.id)).toBe('sea.mp4 · 2026-12-02 10:00');
    // Kept again in the same minute, the first fit is now the later one: it is told apart.
    expect(labels.get(a.id)).toBe(`${labels.get(b.id)} (2)`);
    storage.items.set(SAVED_VIDEOS_KEY, '{not json');
    expect(readSavedVideos(storage)).toEqual([]);
  });

  it('content ws came from a clip when they play with fitted motion or a saved video holds them', () => {
    const storage = memory();
    expect(isClipContent(storage, WS_TEXT, null)).toBe(false);
    expect(isClipContent(storage, WS_TEXT, FITTED_TEXT)).toBe(true);
    saveVideo(storage, entry());
    expect(isClipContent(storage, WS_TEXT, null)).toBe(true);
    expect(isClipContent(storage, encodeWs(new Float32Array([9])), null)).toBe(false);
  });

  it('a browser that refuses to store it gets one clear line', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => saveVideo(full, entry())).toThrow(
      'the browser refused to store the video (QuotaExceededError): delete some saved videos or pictures',
    );
  });
});
