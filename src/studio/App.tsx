import { useEffect } from 'react';
import { AnimatePanel } from './animate/AnimatePanel';
import { AnimateStage } from './animate/AnimateStage';
import { ExportPanel } from './export/ExportPanel';
import { useKeyboard } from './hooks/use-keyboard';
import { usePlayback } from './hooks/use-playback';
import { useUrlSync } from './hooks/use-url-sync';
import { EditPanel } from './panels/EditPanel';
import { Filmstrip } from './panels/Filmstrip';
import { Grid } from './panels/Grid';
import { KeysOverlay } from './panels/KeysOverlay';
import { ModelPanel } from './panels/ModelPanel';
import { StatusBar } from './panels/StatusBar';
import { Timeline } from './panels/Timeline';
import { TopBar } from './panels/TopBar';
import { VideoPanel } from './panels/VideoPanel';
import { Viewer } from './panels/Viewer';
import { endGesture } from './state/history';
import { useStudio } from './state/store';

export function App() {
  usePlayback();
  useKeyboard();
  useUrlSync();
  useGestures();
  const view = useStudio((s) => (s.animateOpen ? 'animate' : s.view));
  return (
    <div className="studio">
      <TopBar />
      <aside className="sidebar">
        <ModelPanel />
        <VideoPanel />
        <AnimatePanel />
        <ExportPanel />
      </aside>
      <main className="stage">
        {view === 'animate' ? <AnimateStage /> : view === 'video' ? <Viewer /> : <Grid />}
        <Timeline />
        <Filmstrip />
      </main>
      <aside className="inspector">
        <EditPanel />
      </aside>
      <StatusBar />
      <KeysOverlay />
    </div>
  );
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
