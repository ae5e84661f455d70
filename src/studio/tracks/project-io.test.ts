import { describe, expect, it } from 'vitest';
import { ProjectFileError, parseProject } from '../../authoring';
import { defaultVideoState, type VideoState } from '../state/video-state';
import { openProjectText, saveProjectText } from './project-io';

const extra = { showOriginal: false, directionSigmas: [1, 2], model: { cDim: 0, numWs: 10 } };
const directions = [
  { vector: Float32Array.from({ length: 4 }, (_, i) => i), sigma: 1 },
  { vector: Float32Array.from({ length: 4 }, (_, i) => -i), sigma: 2 },
];

function authored(): VideoState {
  const s = defaultVideoState('sky64');
  return {
    ...s,
    motionSeed: 4,
    clipSeconds: 6,
    edits: [0.5, 0, 0, 0, 0, 0, 0, 0],
    editRanges: [
      { group: 'coarse', first: 0, last: 0 },
      { group: 'explicit', first: 2, last: 5 },
      ...s.editRanges.slice(2),
    ],
    tracks: {
      ...s.tracks,
      time: [
        { at: 0, t: 0 },
        { at: 2, t: 100, ease: 'smooth' },
      ],
      content: [
        { at: 0, seed: 1 },
        { at: 3, seed: 2, ease: 'hold' },
      ],
      directions: s.tracks.directions.map((_, i) =>
        i === 1
          ? [
              { at: 1, value: -2 },
              { at: 5, value: 3 },
            ]
          : [],
      ),
    },
  };
}

describe('project files of the studio', () => {
  it('saves the tracks, constants and directions, and opens them back as the same studio', () => {
    const state = authored();
    const text = saveProjectText({ ...state, ...extra }, directions);
    const { project } = parseProject(text);
    expect(project).toMatchObject({
      model: 'sky64',
      clip: { duration: 6, fps: 25 },
      motion: { seed: 4 },
      tracks: { psi: [{ at: 0, value: 0.8 }] },
    });
    expect(project.directions!.vectors.shape).toEqual([2, 4]);
    expect(project.directions!.tracks).toEqual([
      { layers: 'coarse', keys: [{ at: 0, value: 0.5 }] },
      {
        layers: [2, 5],
        keys: [
          { at: 1, value: -2 },
          { at: 5, value: 3 },
        ],
      },
    ]);
    const opened = openProjectText(text, defaultVideoState('sky64'));
    expect(opened.warnings).toEqual([]);
    const back = { ...defaultVideoState('sky64'), ...opened.state };
    expect(back.tracks).toEqual(state.tracks);
    // One keyframe is a constant: the studio's value (ψ, direction 1's strength).
    expect([back.psi, back.edits[0], back.motionSeed, back.clipSeconds]).toEqual([0.8, 0.5, 4, 6]);
    expect(back.editRanges.slice(0, 2)).toEqual(state.editRanges.slice(0, 2));
  });

  it('refuses what the studio cannot show with one line (and a malformed file the rules refuse)', () => {
    const text = saveProjectText({ ...authored(), ...extra }, null);
    const json = JSON.parse(text);
    const refused = (changed: object) => {
      try {
        openProjectText(JSON.stringify({ ...json, ...changed }), defaultVideoState('sky64'));
      } catch (error) {
        expect(error).toBeInstanceOf(ProjectFileError);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused({ clip: { duration: 4.5, fps: 25 } })).toBe(
      "not usable in the studio: clip.duration 4.5 s (the studio's clips are whole seconds)",
    );
    expect(refused({ version: 2 })).toMatch(/version/);
    expect(
      refused({
        tracks: {
          ...json.tracks,
          content: [
            { at: 1, seed: 1 },
            { at: 1, seed: 2 },
          ],
        },
      }),
    ).toMatch(/at/);
  });

  it('unknown fields open with warnings', () => {
    const text = saveProjectText({ ...authored(), ...extra }, null);
    const opened = openProjectText(JSON.stringify({ ...JSON.parse(text), colour: 'blue' }), defaultVideoState('sky64'));
    expect(opened.warnings).toEqual([expect.stringContaining('colour')]);
  });
});

describe("a project's sound in the studio", () => {
  it('is saved as a reference with its placement and opens as the sound the panel asks for', () => {
    const sound = {
      name: 'song.mp3',
      sha256: 'cd'.repeat(32),
      duration: 12.5,
      sampleRate: 44_100,
      channels: 2,
      format: 'MP3 in MP3',
      offset: 0.5,
      fadeIn: 1,
      fadeOut: 2,
    };
    const studio = { ...defaultVideoState('sky64'), ...extra, sound };
    const text = saveProjectText(studio, null);
    expect(JSON.parse(text).sound).toEqual({
      name: 'song.mp3',
      duration: 12.5,
      sha256: 'cd'.repeat(32),
      offset: 0.5,
      fadeIn: 1,
      fadeOut: 2,
    });
    const opened = openProjectText(text, defaultVideoState('sky64'));
    expect(opened.state.sound).toEqual({
      name: 'song.mp3',
      duration: 12.5,
      sha256: 'cd'.repeat(32),
      offset: 0.5,
      fadeIn: 1,
      fadeOut: 2,
    });
    const silent = openProjectText(saveProjectText({ ...studio, sound: null }, null), defaultVideoState('sky64'));
    expect(silent.state.sound).toBeNull();
  });
});
