import { beforeEach, describe, expect, it } from 'vitest';
import { undo } from './actions';
import { applyLink, watchPendingLinks } from './links';
import { type ModelInfo, useStudio } from './store';
import { linkModel, linkModelUrl } from './url-state';
import { defaultVideoState } from './video-state';

const sky64: ModelInfo = { name: 'sky64', resolution: 64, cDim: 0, numWs: 10, trainingFps: 25, layerWIndices: [] };
const mine: ModelInfo = { ...sky64, name: 'mine', numWs: 14 };
const s = () => useStudio.getState();
const unwatch: Array<() => void> = [];

beforeEach(() => {
  for (const stop of unwatch.splice(0)) stop();
  useStudio.setState({
    ...defaultVideoState('sky64'),
    models: [{ id: 'sky64', name: 'sky64', path: 'sky64/model.json', default: true } as never],
    model: sky64,
    notices: [],
    pendingLink: null,
    modelRequest: null,
  });
  useStudio.temporal.getState().clear();
  unwatch.push(watchPendingLinks());
});

describe('links', () => {
  it('a link of the loaded model applies at once, as one undo step, with its problems named', () => {
    applyLink('#model=sky64&content=3000000001&edits=10&t=12.5');
    expect([s().contentSeed, s().edits[0], s().t]).toEqual([3000000001, 5, 12.5]);
    expect(s().notices).toEqual([expect.stringContaining('edits[1]="10" is outside Direction')]);
    undo();
    expect([s().contentSeed, s().edits[0]]).toEqual([1, 0]);
  });

  it('a link to another model waits for it, asks for it, and applies within its limits once it is loaded', () => {
    applyLink('#model=cache:mine&content=9&ranges=2-13');
    expect(s().pendingLink).toBe('#model=cache:mine&content=9&ranges=2-13');
    expect(s().modelRequest).toMatchObject({ kind: 'pick', key: 'cache:mine', quiet: true });
    expect(s().contentSeed).toBe(1);
    // The default model loading first (this browser lacks the link's) leaves the link waiting.
    s().update({ model: { ...sky64 } });
    expect(s().pendingLink).not.toBeNull();
    s().update({ modelId: 'cache:mine', model: mine });
    expect(s().pendingLink).toBeNull();
    expect(s().contentSeed).toBe(9);
    expect(s().editRanges[0]).toEqual({ group: 'explicit', first: 2, last: 13 }); // 14 ws: in range
  });

  it("reads a link's model-url= and names its model by it when the link gives no model=", () => {
    const url = 'https://models.example.org/sky/network-snapshot-000600.pkl';
    const hash = `#model-url=${encodeURIComponent(url)}&t=3`;
    expect(linkModelUrl(hash)).toBe(url);
    expect(linkModel(hash, 'sky64')).toBe(`url:${url}`);
    expect(linkModel(`#model=cache:abc&model-url=${encodeURIComponent(url)}`, 'sky64')).toBe('cache:abc');
    expect(linkModelUrl('#model=sky64')).toBeNull();
    expect(linkModel('#t=3', 'sky64')).toBe('sky64');
  });
});
