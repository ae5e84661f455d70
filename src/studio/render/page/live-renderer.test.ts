import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useStudio } from '../../state/store';
import { filmstripTimes } from '../../state/timeline';
import { defaultVideoState } from '../../state/video-state';
import type { FrameWant } from '../shared/protocol';
import { mainVideoKey } from '../shared/video-keys';
import { frameKey } from './frame-cache';
import { LiveRenderer } from './live-renderer';
import type { RenderClient } from './render-client';

/** A canvas that counts what is drawn on it (Node has no DOM). */
function fakeCanvas() {
  const canvas = { width: 64, height: 64, dataset: {} as Record<string, string>, parentElement: null, draws: 0 };
  const context = { putImageData: () => canvas.draws++, drawImage: () => canvas.draws++ };
  return Object.assign(canvas, { getContext: () => context }) as unknown as HTMLCanvasElement & { draws: number };
}

beforeAll(() => {
  (globalThis as { ImageData?: unknown }).ImageData ??= class {
    constructor(
      readonly data: Uint8ClampedArray,
      readonly width: number,
      readonly height: number,
    ) {}
  };
});
afterEach(() => vi.useRealTimers());

describe('the live presenter', () => {
  it('draws a frame on the targets that want it when it arrives, and does not send its lane again', async () => {
    const want = vi.fn<(lane: string, frames: FrameWant[], abandon: boolean) => void>();
    const thumbs = Array.from({ length: 8 }, fakeCanvas);
    useStudio.setState({
      ...defaultVideoState('sky64'),
      model: { name: 'sky64', resolution: 1, cDim: 0, numWs: 10, trainingFps: 25, layerWIndices: [] },
      mainCanvas: fakeCanvas(),
      thumbnailCanvases: thumbs,
      gridCanvases: [],
      directionSigmas: [],
    });
    const live = new LiveRenderer({ want } as unknown as RenderClient);
    live.update();
    const sent = (lane: string) => want.mock.calls.filter(([l]) => l === lane);
    expect(sent('filmstrip')).toHaveLength(1);
    expect(sent('filmstrip')[0]![1]).toHaveLength(8);
    const vk = mainVideoKey(useStudio.getState());
    const t = filmstripTimes(0, 250, 8)[3]!;
    live.onFrame({
      type: 'frame',
      key: frameKey(vk, t),
      videoKey: vk,
      t,
      lane: 'filmstrip',
      coarse: false,
      width: 1,
      height: 1,
      rgba: new Uint8ClampedArray(4).buffer,
      renderMs: 1,
    });
    expect(thumbs[3]!.draws).toBe(1); // drawn as it arrived, not by a second pass
    await Promise.resolve();
    live.update();
    // The worker took that frame off its filmstrip list itself: the page sends that list no more.
    expect(sent('filmstrip')).toHaveLength(1);
  });

  it('answers nextFullFrame with the next full main frame drawn, not a coarse one (or when its wait is over)', async () => {
    // A coarse image is drawn through a scratch canvas.
    (globalThis as { document?: unknown }).document ??= { createElement: fakeCanvas };
    useStudio.setState({
      ...defaultVideoState('sky64'),
      model: { name: 'sky64', resolution: 1, cDim: 0, numWs: 10, trainingFps: 25, layerWIndices: [] },
      mainCanvas: fakeCanvas(),
      thumbnailCanvases: [],
      gridCanvases: [],
      directionSigmas: [],
      t: 40,
    });
    const live = new LiveRenderer({ want: vi.fn() } as unknown as RenderClient);
    live.update();
    const vk = mainVideoKey(useStudio.getState());
    const frame = (coarse: boolean) =>
      live.onFrame({
        type: 'frame',
        key: frameKey(vk, 40),
        videoKey: vk,
        t: 40,
        lane: 'playhead',
        coarse,
        width: 1,
        height: 1,
        rgba: new Uint8ClampedArray(4).buffer,
        renderMs: 1,
      });
    let answered = false;
    void live.nextFullFrame(60_000).then(() => {
      answered = true;
    });
    frame(true);
    await Promise.resolve();
    expect(live.shownLog.at(-1)).toMatchObject({ t: 40, coarse: true });
    expect(answered).toBe(false);
    frame(false);
    await Promise.resolve();
    expect(live.shownLog.at(-1)).toMatchObject({ t: 40, coarse: false });
    expect(answered).toBe(true);

    vi.useFakeTimers();
    let late = false;
    void live.nextFullFrame(5_000).then(() => {
      late = true;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(late).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(late).toBe(true);
  });

  it('keeps an error about the main frame until its cause changes (before: the next filmstrip frame cleared it)', async () => {
    const want = vi.fn();
    useStudio.setState({
      ...defaultVideoState('sky64'),
      model: { name: 'sky64', resolution: 1, cDim: 0, numWs: 10, trainingFps: 25, layerWIndices: [] },
      mainCanvas: fakeCanvas(),
      thumbnailCanvases: Array.from({ length: 8 }, fakeCanvas),
      gridCanvases: [],
      directionSigmas: [],
      t: 40,
      renderError: null,
    });
    const live = new LiveRenderer({ want } as unknown as RenderClient);
    live.update();
    const vk = mainVideoKey(useStudio.getState());
    live.onRenderError(frameKey(vk, 40), 'frame time out of range');
    await Promise.resolve();
    expect(useStudio.getState().renderError).toBe('Rendering failed: frame time out of range');
    const t = filmstripTimes(0, 250, 8)[1]!;
    const frame = {
      type: 'frame',
      videoKey: vk,
      lane: 'filmstrip',
      coarse: false,
      width: 1,
      height: 1,
      renderMs: 1,
    } as const;
    live.onFrame({ ...frame, key: frameKey(vk, t), t, rgba: new Uint8ClampedArray(4).buffer });
    await Promise.resolve();
    expect(useStudio.getState().renderError).toBe('Rendering failed: frame time out of range');
    useStudio.setState({ t: 41 });
    expect(useStudio.getState().renderError).toBeNull();
  });
});
