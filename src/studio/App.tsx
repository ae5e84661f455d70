import { AnimatePanel } from './animate/AnimatePanel';
import { ExportPanel } from './export/ExportPanel';
import { useKeyboard } from './hooks/use-keyboard';
import { usePlayback } from './hooks/use-playback';
import { useUrlSync } from './hooks/use-url-sync';
import { EditPanel } from './panels/EditPanel';
import { Filmstrip } from './panels/Filmstrip';
import { Grid } from './panels/Grid';
import { ModelPanel } from './panels/ModelPanel';
import { StatusBar } from './panels/StatusBar';
import { Timeline } from './panels/Timeline';
import { VideoPanel } from './panels/VideoPanel';
import { Viewer } from './panels/Viewer';
import { useStudio } from './state/store';

export function App() {
  usePlayback();
  useKeyboard();
  useUrlSync();
  const view = useStudio((s) => s.view);
  const update = useStudio((s) => s.update);
  return (
    <div className="studio">
      <header className="top-bar">
        <h1>
          StyleGAN-V <span>Studio</span>
        </h1>
        <div role="tablist" aria-label="View">
          <button type="button" role="tab" aria-selected={view === 'video'} onClick={() => update({ view: 'video' })}>
            Video
          </button>
          <button type="button" role="tab" aria-selected={view === 'grid'} onClick={() => update({ view: 'grid' })}>
            Content × motion grid
          </button>
        </div>
      </header>
      <aside className="sidebar">
        <ModelPanel />
        <VideoPanel />
        <AnimatePanel />
        <ExportPanel />
      </aside>
      <main className="stage">
        {view === 'video' ? <Viewer /> : <Grid />}
        <Timeline />
        <Filmstrip />
      </main>
      <aside className="inspector">
        <EditPanel />
      </aside>
      <StatusBar />
    </div>
  );
}
