import { useEffect } from 'react';
import { useStudio } from '../state/store';
import { encodeHash } from '../state/url-state';

/** Mirrors the video state into the URL hash, so a link reopens the identical frame. */
export function useUrlSync(): void {
  useEffect(() => {
    let pending: number | undefined;
    const unsubscribe = useStudio.subscribe((state) => {
      if (!state.model || pending !== undefined) return;
      pending = window.setTimeout(() => {
        pending = undefined;
        const hash = encodeHash(useStudio.getState());
        if (location.hash.slice(1) !== hash) history.replaceState(null, '', `#${hash}`);
      }, 100);
    });
    return () => {
      unsubscribe();
      if (pending !== undefined) clearTimeout(pending);
    };
  }, []);
}
