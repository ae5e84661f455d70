import { useEffect } from 'react';
import { AnimatePanel } from './animate/AnimatePanel';
import { AnimateStage } from './animate/AnimateStage';
import { ExportPanel } from './export/ExportPanel';
import { useKeyboard } from './hooks/use-keyboard';
import { usePageDrop } from './hooks/use-page-drop';
import { usePlayback } from './hooks/use-playback';
import { useUrlSync } from './hooks/use-url-sync';
import { EditPanel } from './panels/EditPanel';
import { Filmstrip } from './panels/Filmstrip';
import { Grid } from './panels/Grid';
import { KeysOverlay } from './panels/KeysOverlay';
import { ModelPanel } from './panels/ModelPanel';
import { StatusBar } from './panels/StatusBar';
import { Timeline } from './panels/Timeline';
import { TopBar, VIEW_PANEL_ID, viewTabId } from './panels/TopBar';
import { VideoPanel } from './panels/VideoPanel';
import { Viewer } from './panels/Viewer';
import { SoundPanel } from './sound/SoundPanel';
import { useSoundSync } from './sound/use-sound-sync';
import { endGesture } from './state/history';
import { useStudio } from './state/store';
import { TracksPanel } from './tracks/TracksPanel';

export function App() {
  usePlayback();
  useSoundSync();
  useKeyboard();
  useUrlSync();
  usePageDrop();
  useGestures();
  useStatusHeight();
  const view = useStudio((s) => s.view);
  const animating = useStudio((s) => s.animateOpen);
  return (
    <div className="studio">
      <TopBar />
      {/* The stage comes first: on a phone the video and its transport lead, the panels follow. */}
      <main className="stage" aria-label="Stage">
        <div className="view-panel" role="tabpanel" id={VIEW_PANEL_ID} aria-labelledby={viewTabId(view)}>
          {animating ? <AnimateStage /> : view === 'video' ? <Viewer /> : <Grid />}
        </div>
        <Timeline />
        <TracksPanel />
        <Filmstrip />
      </main>
      <aside className="sidebar" aria-label="Model, video, sound, animate and export">
        <ModelPanel />
        <VideoPanel />
        <SoundPanel />
        <AnimatePanel />
        <ExportPanel />
      </aside>
      <aside className="inspector" aria-label="Edit content">
        <EditPanel />
      </aside>
      <StatusBar />
      <KeysOverlay />
    </div>
  );
}

/**
 * The stage fills the window between the top bar and the status bar, whose height varies (notices wrap); what
 * is scrolled into view (a focused control) stops above it.
 */
function useStatusHeight(): void {
  useEffect(() => {
    const bar = document.querySelector<HTMLElement>('.status-bar');
    if (!bar) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--status-h', `${bar.offsetHeight}px`));
    observer.observe(bar);
    return () => observer.disconnect();
  }, []);
}

/** A slider drag is one undo step: it ends when the pointer is let go, wherever that is. */
function useGestures(): void {
  useEffect(() => {
    window.addEventListener('pointerup', endGesture);
    window.addEventListener('pointercancel', endGesture);
    return () => {
      window.removeEventListener('pointerup', endGesture);
      window.removeEventListener('pointercancel', endGesture);
    };
  }, []);
}
