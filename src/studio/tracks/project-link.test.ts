import { describe, expect, it } from 'vitest';
import { encodeWs } from '../../authoring';
import { decodeLink, encodeHash } from '../state/url-state';
import { defaultVideoState, type VideoState } from '../state/video-state';
import { fromBase64url, linkProject, MAX_LINK_PROJECT_CHARS, toBase64url } from './project-link';

const sky64 = { trainingFps: 25, numWs: 10, cDim: 0, clipSeconds: 0, loopStart: 0, loopEnd: 0 };
const extra = { showOriginal: false, directionSigmas: [] as number[], model: { cDim: 0, numWs: 10 } };

function authored(): VideoState {
  const s = defaultVideoState('sky64');
  return {
    ...s,
    motionSeed: 3,
    t: 62.5,
    tracks: {
      ...s.tracks,
      time: [
        { at: 0, t: 0 },
        { at: 2, t: 100 },
        { at: 3, t: 100, ease: 'hold' },
      ],
      content: [
        { at: 0, seed: 1 },
        { at: 3, seed: 2, ease: 'smooth' },
      ],
      psi: [
        { at: 0, value: 0.8 },
        { at: 4, value: 0.5 },
      ],
    },
  };
}

describe('a project in a link', () => {
  it('round-trips the tracks and the rest of the link through project=', () => {
    const state = authored();
    const project = linkProject({ ...state, ...extra }, null);
    expect(project.kind).toBe('project');
    const hash = encodeHash(state, project.kind === 'project' ? project.param : undefined);
    expect(hash).toMatch(/&project=[A-Za-z0-9_-]+$/);
    const decoded = decodeLink(`#${hash}`, 'sky64', sky64);
    expect(decoded.problems).toEqual([]);
    expect(decoded.state.tracks).toEqual(state.tracks);
    expect(decoded.state.t).toBe(62.5);
    expect(decoded.state.motionSeed).toBe(3);
    expect(decoded.state.psi).toBe(0.8);
  });

  it('a link without keyframes carries no project', () => {
    expect(linkProject({ ...defaultVideoState('sky64'), ...extra }, null)).toEqual({ kind: 'none' });
  });

  it("a project over the limit (a saved picture's ws) is not carried", () => {
    const state = authored();
    const ws = encodeWs(Float32Array.from({ length: 10 * 512 }, (_, i) => Math.sin(i)));
    state.tracks = { ...state.tracks, content: [...state.tracks.content, { at: 5, ws }] };
    const project = linkProject({ ...state, ...extra }, null);
    expect(project.kind).toBe('tooBig');
    expect(project.kind === 'tooBig' && project.chars).toBeGreaterThan(MAX_LINK_PROJECT_CHARS);
  });

  it('a damaged or refused project is named and leaves the rest of the link', () => {
    const damaged = decodeLink('#model=sky64&content=5&project=%%%', 'sky64', sky64);
    expect(damaged.problems).toEqual(["The link's project=… is damaged (not base64url): it carries no keyframes"]);
    expect(damaged.state.contentSeed).toBe(5);
    expect(damaged.state.tracks.time).toEqual([]);
    const newer = toBase64url('{"format": "stylegan-v-studio-project", "version": 2}');
    const refused = decodeLink(`#model=sky64&project=${newer}`, 'sky64', sky64);
    expect(refused.problems).toEqual([expect.stringMatching(/^The link's project could not be opened: /)]);
    expect(fromBase64url(toBase64url('ψ ✓'))).toBe('ψ ✓');
  });
});
