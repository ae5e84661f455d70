import { useState } from 'react';
import { useStore } from 'zustand';
import { currentLink } from '../hooks/use-url-sync';
import { redo, setView, undo } from '../state/actions';
import { useStudio } from '../state/store';

/** The view tabs, undo/redo, "Copy link" and the keyboard map's button. */
export function TopBar() {
  const view = useStudio((s) => s.view);
  const update = useStudio((s) => s.update);
  const past = useStore(useStudio.temporal, (h) => h.pastStates.length);
  const future = useStore(useStudio.temporal, (h) => h.futureStates.length);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    const link = currentLink();
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied');
    } catch {
      setCopied('Copy failed: the link is in the address bar');
    }
    setTimeout(() => setCopied(null), 2000);
  };
  return (
    <header className="top-bar">
      <h1>
        StyleGAN-V <span>Studio</span>
      </h1>
      <div role="tablist" aria-label="View">
        <button type="button" role="tab" aria-selected={view === 'video'} onClick={() => setView('video')}>
          Video
        </button>
        <button type="button" role="tab" aria-selected={view === 'grid'} onClick={() => setView('grid')}>
          Content × motion grid
        </button>
      </div>
      <div className="top-actions">
        <button type="button" onClick={undo} disabled={past === 0} title="Undo (Ctrl/⌘+Z)">
          Undo
        </button>
        <button type="button" onClick={redo} disabled={future === 0} title="Redo (Shift+Ctrl/⌘+Z)">
          Redo
        </button>
        <button type="button" onClick={() => void copy()} title="Copy a link to exactly this frame">
          Copy link
        </button>
        <button
          type="button"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => update({ keysShown: !useStudio.getState().keysShown })}
        >
          ?
        </button>
        {copied && (
          <span className="copied" role="status">
            {copied}
          </span>
        )}
      </div>
    </header>
  );
}
