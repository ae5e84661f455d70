import { useEffect } from 'react';
import { tinykeys } from 'tinykeys';
import { keyBelongsToControl, keyHandlers } from './keymap';

/** Something clicked with a pointer keeps no focus that would take the next Space or arrow. */
const LET_GO = 'button, input[type="checkbox"], input[type="radio"], [role="tab"], summary';

/** Binds the keyboard map (keymap.ts) on the window, and lets go of the focus after a click on a button. */
export function useKeyboard(): void {
  useEffect(() => {
    const unbind = tinykeys(window, keyHandlers(), { ignore: keyBelongsToControl });
    const onClick = (event: MouseEvent) => {
      // detail is 0 for a click made with the keyboard (Space or Enter): keyboard focus stays where it is.
      const target = event.target instanceof Element ? event.target.closest(LET_GO) : null;
      if (event.detail > 0 && target instanceof HTMLElement && target === document.activeElement) target.blur();
    };
    document.addEventListener('click', onClick);
    return () => {
      unbind();
      document.removeEventListener('click', onClick);
    };
  }, []);
}
