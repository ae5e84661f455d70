import { type KeyboardEvent, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { currentLink } from '../hooks/use-url-sync';
import { redo, setView, undo } from '../state/actions';
import { useStudio } from '../state/store';
import { VIEWS, type View } from '../state/values';

export const VIEW_PANEL_ID = 'view-panel';
export const viewTabId = (view: View) => `view-tab-${view}`;
const VIEW_NAMES: Record<View, string> = { video: 'Video', grid: 'Content × motion grid' };

/** The view tabs: arrow keys, Home and End move between them and select (one tab stop, as tab lists have). */
function ViewTabs() {
  const view = useStudio((s) => s.view);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = VIEWS.indexOf(view);
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: VIEWS.length - 1 }[event.key];
    if (to === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const next = VIEWS[(to + VIEWS.length) % VIEWS.length]!;
    setView(next);
    tabs.current[VIEWS.indexOf(next)]?.focus();
  };
  return (
    <div role="tablist" aria-label="View" onKeyDown={onKeyDown}>
      {VIEWS.map((v, i) => (
        <button
          key={v}
          ref={(b) => {
            tabs.current[i] = b;
          }}
          type="button"
          role="tab"
          id={viewTabId(v)}
          aria-selected={view === v}
          aria-controls={VIEW_PANEL_ID}
          tabIndex={view === v ? 0 : -1}
          onClick={() => setView(v)}
        >
          {VIEW_NAMES[v]}
        </button>
      ))}
    </div>
  );
}

/** The view tabs, undo/redo, "Copy link" and the keyboard map's button. */
export function TopBar() {
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
      <ViewTabs />
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
