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
      // detail is 0 for a click made with the keyboard (Space or Enter): keyboard focus stays where it is. A
      // click on a checkbox's label focuses the checkbox after this event, hence the next task.
      if (event.detail === 0) return;
      const letGo = () => {
        const focused = document.activeElement;
        if (focused instanceof HTMLElement && focused.matches(LET_GO)) focused.blur();
      };
      letGo();
      setTimeout(letGo, 0);
    };
    document.addEventListener('click', onClick);
    return () => {
      unbind();
      document.removeEventListener('click', onClick);
    };
  }, []);
}
