import { useEffect } from 'react';
import { useStudio } from '../state/store';

/** Keys typed into these go to the control, not to the transport. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(target.tagName);
}

/**
 * Transport keys: Space play/pause, Left/Right one frame, Shift+Left/Right one second, Home/End the loop's
 * bounds. Ignored while a form control has the focus (it needs those keys itself).
 */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      // A focused Time slider keeps its arrow keys; Space still plays.
      const slider = event.target instanceof HTMLInputElement && event.target.type === 'range';
      if (isTyping(event.target) && !(slider && event.key === ' ')) return;
      const s = useStudio.getState();
      const fps = s.model?.trainingFps ?? 25;
      const maxT = s.clipSeconds * fps;
      const seek = (t: number) => s.update({ t: Math.min(maxT, Math.max(0, t)) });
      const step = event.shiftKey ? fps : 1;
      switch (event.key) {
        case ' ':
          s.update({ playing: !s.playing });
          break;
        case 'ArrowLeft':
          seek(s.t - step);
          break;
        case 'ArrowRight':
          seek(s.t + step);
          break;
        case 'Home':
          seek(s.loopStart);
          break;
        case 'End':
          seek(s.loopEnd);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
