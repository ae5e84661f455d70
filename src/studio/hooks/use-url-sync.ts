import { useEffect } from 'react';
import { services } from '../render/page/studio-services';
import { applyLink } from '../state/links';
import { type StudioState, useStudio } from '../state/store';
import { encodeHash } from '../state/url-state';
import { linkProject, tooBigNotice } from '../tracks/project-link';

/** The hash of a state with its keyframe project when it fits in a link (a notice says when it does not). */
function hashOf(s: StudioState): string {
  const project = linkProject(s, services.models.directions);
  if (project.kind === 'tooBig' && !s.notices.includes(tooBigNotice(project.chars)))
    s.notify(tooBigNotice(project.chars));
  return encodeHash(s, project.kind === 'project' ? project.param : undefined);
}

/** The link of what is on screen now (the hash is written a moment after each change). */
export function currentLink(): string {
  const url = new URL(location.href);
  url.hash = hashOf(useStudio.getState());
  return url.href;
}

/**
 * Mirrors the video state into the URL hash, so a link reopens the identical frame, and applies a link
 * pasted into the open tab (hashchange). While a link waits for its model, the hash stays as it came.
 */
export function useUrlSync(): void {
  useEffect(() => {
    let pending: number | undefined;
    const unsubscribe = useStudio.subscribe((state) => {
      if (!state.model || state.pendingLink !== null || pending !== undefined) return;
      pending = window.setTimeout(() => {
        pending = undefined;
        const s = useStudio.getState();
        if (s.pendingLink !== null) return;
        const hash = hashOf(s);
        if (location.hash.slice(1) !== hash) history.replaceState(null, '', `#${hash}`);
      }, 100);
    });
    // replaceState never fires hashchange: this is a link typed or pasted into the address bar.
    const onHashChange = () => {
      if (!useStudio.getState().models.length) return;
      applyLink(location.hash);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', onHashChange);
      if (pending !== undefined) clearTimeout(pending);
    };
  }, []);
}
