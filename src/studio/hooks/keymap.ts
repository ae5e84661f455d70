/**
 * The keyboard map: one table of keys and what they do, bound with tinykeys. Keys act whatever has the
 * focus, except the keys the focused control needs itself (keyBelongsToControl): in text fields and selects,
 * on tab lists and sliders other than Time (the loop markers too), and Space/Enter on a button or checkbox reached with Tab.
 */
import { parseKeybinding } from 'tinykeys';
import {
  type MarkerMove,
  redo,
  seek,
  setMarkerAtPlayhead,
  setPlaying,
  shuttle,
  stepFrames,
  stepSeconds,
  togglePlay,
  undo,
  zoomTimeline,
} from '../state/actions';
import { useStudio } from '../state/store';
import { ZOOM_STEP } from '../state/timeline-view';
import { addKeyframeOnActiveTrack, copyKeyframe, deleteKeyframe, pasteKeyframe } from '../state/track-actions';
import { toggleFullscreen } from './fullscreen';

export interface KeyBinding {
  /** tinykeys bindings ("$mod" is Ctrl, or Cmd on a Mac). */
  keys: string[];
  /** How the overlay writes the keys. */
  shown: string;
  what: string;
  /** Returns false when it had nothing to do (the key then keeps its usual meaning). */
  run: () => boolean | undefined;
}

const get = () => useStudio.getState();

export const KEYMAP: KeyBinding[] = [
  { keys: ['Space'], shown: 'Space', what: 'Play / pause', run: () => void togglePlay() },
  { keys: ['ArrowLeft'], shown: '←', what: 'One frame back', run: () => void stepFrames(-1) },
  { keys: ['ArrowRight'], shown: '→', what: 'One frame forward', run: () => void stepFrames(1) },
  { keys: ['Shift+ArrowLeft'], shown: 'Shift+←', what: 'One second back', run: () => void stepSeconds(-1) },
  { keys: ['Shift+ArrowRight'], shown: 'Shift+→', what: 'One second forward', run: () => void stepSeconds(1) },
  { keys: ['Home'], shown: 'Home', what: 'The in point', run: () => void seek(get().loopStart) },
  { keys: ['End'], shown: 'End', what: 'The out point', run: () => void seek(get().loopEnd) },
  { keys: ['i'], shown: 'I', what: 'In point (loop start) at the playhead', run: () => void setMarkerAtPlayhead('in') },
  { keys: ['o'], shown: 'O', what: 'Out point (loop end) at the playhead', run: () => void setMarkerAtPlayhead('out') },
  { keys: ['l'], shown: 'L', what: 'Play forwards (again: 2×, 4×)', run: () => void shuttle(1) },
  { keys: ['j'], shown: 'J', what: 'Play backwards (again: 2×, 4×)', run: () => void shuttle(-1) },
  { keys: ['k'], shown: 'K', what: 'Pause', run: () => void setPlaying(false) },
  {
    keys: ['+', 'Shift++', '='],
    shown: '+',
    what: 'Zoom the timeline in',
    run: () => void zoomTimeline(1 / ZOOM_STEP),
  },
  { keys: ['-', 'Shift+_'], shown: '−', what: 'Zoom the timeline out', run: () => void zoomTimeline(ZOOM_STEP) },
  { keys: ['f'], shown: 'F', what: 'Fullscreen video (again: back)', run: () => void toggleFullscreen() },
  { keys: ['a'], shown: 'A', what: 'Keyframe at the playhead on the track picked', run: addKeyframeOnActiveTrack },
  {
    keys: ['Delete', 'Backspace'],
    shown: 'Delete',
    what: 'Delete the selected keyframe',
    run: () => {
      const key = get().selectedKey;
      if (!key) return false;
      deleteKeyframe(key.track, key.at);
      return true;
    },
  },
  {
    keys: ['$mod+c'],
    shown: 'Ctrl/⌘+C',
    what: 'Copy the selected keyframe',
    run: () => {
      const key = get().selectedKey;
      // Text selected on the page is copied as ever.
      const text = typeof window === 'undefined' ? '' : String(window.getSelection?.() ?? '');
      if (!key || text !== '') return false;
      copyKeyframe(key.track, key.at);
      return true;
    },
  },
  { keys: ['$mod+v'], shown: 'Ctrl/⌘+V', what: 'Paste the keyframe at the playhead', run: pasteKeyframe },
  { keys: ['$mod+z'], shown: 'Ctrl/⌘+Z', what: 'Undo', run: () => void undo() },
  { keys: ['$mod+Shift+z', '$mod+y'], shown: 'Shift+Ctrl/⌘+Z, Ctrl/⌘+Y', what: 'Redo', run: () => void redo() },
  {
    keys: ['Shift+?', '?'],
    shown: '?',
    what: 'Show or hide these keys',
    run: () => void get().update({ keysShown: !get().keysShown }),
  },
  {
    keys: ['Escape'],
    shown: 'Esc',
    what: 'Close this list',
    run: () => {
      if (!get().keysShown) return false;
      get().update({ keysShown: false });
      return true;
    },
  },
];

/** What markerMove does, for the keys overlay. */
export const MARKER_KEYS_SHOWN =
  'A focused In or Out marker moves with ←/→ (one frame; Shift: one second), Home and End.';

/**
 * The keys of a focused loop marker (a slider): ←/↓ and →/↑ one training frame, with Shift (or PageDown,
 * PageUp) one second; Home and End the start and end of its range. Null: not a marker's key.
 */
export function markerMove(
  event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  trainingFps: number,
): MarkerMove | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const frames = event.shiftKey ? trainingFps : 1;
  switch (event.key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return { by: -frames };
    case 'ArrowRight':
    case 'ArrowUp':
      return { by: frames };
    case 'PageDown':
      return { by: -trainingFps };
    case 'PageUp':
      return { by: trainingFps };
    case 'Home':
      return { to: 'min' };
    case 'End':
      return { to: 'max' };
    default:
      return null;
  }
}

/** Every key a binding string stands for, as "Control+Shift+Z" (optional modifiers expanded). */
export function keyChords(binding: string): string[] {
  return parseKeybinding(binding).flatMap(([required, optional, key]) => {
    const subsets = optional.reduce<string[][]>((all, mod) => all.concat(all.map((s) => [...s, mod])), [[]]);
    return subsets.map((extra) => [...[...required, ...extra].sort(), String(key).toUpperCase()].join('+'));
  });
}

/** Keys a focused control needs itself (the rest still act). */
const ACTIVATE = new Set([' ', 'Enter']);
const MOVE = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);
const TEXT_TYPES = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color', 'range']);

/** The focused control needs this key itself: text fields every key, selects every key but Ctrl/⌘ ones, sliders (but Time; the loop markers too) and tab lists their moves, buttons and checkboxes Space and Enter. */
export function keyBelongsToControl(event: KeyboardEvent): boolean {
  const target = event.target;
  if (event.isComposing) return true;
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  const command = event.ctrlKey || event.metaKey;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement && !TEXT_TYPES.has(target.type)) return true;
  if (target instanceof HTMLSelectElement) return !command;
  if (target.closest('[role="tablist"], [role="listbox"], [role="menu"]'))
    return MOVE.has(event.key) || ACTIVATE.has(event.key);
  if (target instanceof HTMLInputElement && target.type === 'range')
    return target.dataset.keys !== 'transport' && MOVE.has(event.key);
  // A slider that is no input (the loop markers) moves itself with the same keys.
  if (target.getAttribute('role') === 'slider') return MOVE.has(event.key);
  if (target instanceof HTMLInputElement || target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement)
    return ACTIVATE.has(event.key);
  return target.tagName === 'SUMMARY' && ACTIVATE.has(event.key);
}

/** tinykeys' map from the table. */
export function keyHandlers(): Record<string, (event: KeyboardEvent) => void> {
  return Object.fromEntries(
    KEYMAP.flatMap((binding) =>
      binding.keys.map((key) => [
        key,
        (event: KeyboardEvent) => {
          if (binding.run() !== false) event.preventDefault();
        },
      ]),
    ),
  );
}
