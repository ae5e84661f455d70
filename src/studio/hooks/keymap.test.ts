import { describe, expect, it } from 'vitest';
import { useStudio } from '../state/store';
import { defaultVideoState } from '../state/video-state';
import { KEYMAP, keyChords, keyHandlers, markerMove } from './keymap';

describe('the keyboard map', () => {
  it('binds no key twice', () => {
    const chords = KEYMAP.flatMap((b) => b.keys.flatMap(keyChords));
    const twice = chords.filter((c, i) => chords.indexOf(c) !== i);
    expect(twice).toEqual([]);
    expect(chords).toContain('Control+Shift+Z');
    expect(chords).toContain('Control+Z');
  });

  it('says what every binding does, once each', () => {
    const names = KEYMAP.map((b) => b.what);
    expect(new Set(names).size).toBe(names.length);
    for (const b of KEYMAP) expect(b.shown, b.what).not.toBe('');
  });

  it('steps t by one frame and one second through the store actions, and leaves Escape alone when nothing is open', () => {
    useStudio.setState({
      ...defaultVideoState('sky64'),
      model: { name: 'm', resolution: 64, cDim: 0, numWs: 10, trainingFps: 25, layerWIndices: [] },
      t: 30,
    });
    const handlers = keyHandlers();
    let prevented = 0;
    const event = { preventDefault: () => prevented++ } as unknown as KeyboardEvent;
    handlers.ArrowRight!(event);
    handlers['Shift+ArrowLeft']!(event);
    expect(useStudio.getState().t).toBe(30 + 1 - 25);
    handlers.Escape!(event);
    expect(prevented).toBe(2);
  });

  it('A adds a keyframe on the track picked; Delete removes the selected one, and does nothing with none', () => {
    useStudio.setState({
      ...defaultVideoState('sky64'),
      model: { name: 'm', resolution: 64, cDim: 0, numWs: 10, trainingFps: 25, layerWIndices: [] },
      t: 50,
      activeTrack: 'psi',
      selectedKey: null,
    });
    const handlers = keyHandlers();
    let prevented = 0;
    const event = { preventDefault: () => prevented++ } as unknown as KeyboardEvent;
    handlers.a!(event);
    expect(useStudio.getState().tracks.psi).toEqual([{ at: 2, value: 0.8 }]);
    expect(useStudio.getState().selectedKey).toEqual({ track: 'psi', at: 2 });
    handlers.Delete!(event);
    expect(useStudio.getState().tracks.psi).toEqual([]);
    expect(prevented).toBe(2);
    handlers.Backspace!(event);
    expect(prevented).toBe(2);
  });

  it("a focused loop marker's keys: arrows one frame, Shift or PageUp/PageDown one second, Home/End its range's ends", () => {
    const key = (k: string, mods: Partial<KeyboardEvent> = {}) =>
      markerMove({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods }, 30);
    expect([key('ArrowLeft'), key('ArrowDown'), key('ArrowRight'), key('ArrowUp')]).toEqual([
      { by: -1 },
      { by: -1 },
      { by: 1 },
      { by: 1 },
    ]);
    expect([key('ArrowLeft', { shiftKey: true }), key('ArrowRight', { shiftKey: true })]).toEqual([
      { by: -30 },
      { by: 30 },
    ]);
    expect([key('PageDown'), key('PageUp')]).toEqual([{ by: -30 }, { by: 30 }]);
    expect([key('Home'), key('End')]).toEqual([{ to: 'min' }, { to: 'max' }]);
    // Ctrl+Z and other keys are not the marker's: they keep their meaning (undo, play, ...).
    expect([key('z', { ctrlKey: true }), key('ArrowLeft', { ctrlKey: true }), key(' '), key('i')]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
