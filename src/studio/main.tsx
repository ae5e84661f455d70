import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { services } from './render/page/studio-services';
import { soundPlayer } from './sound/sound-service';
import { modelOfLink, watchPendingLinks } from './state/links';
import { useStudio } from './state/store';
import './studio.css';
import { prepareConvertWorker } from '../convert/convert-client';
import { startOffline, studioStarted } from '../offline';
import { userMessage } from '../util';

declare global {
  interface Window {
    /** Hooks for end-to-end tests and the benchmark. */
    __studio: {
      ready: boolean;
      renderer: typeof services;
      state: () => ReturnType<typeof useStudio.getState>;
      /** The clip time the sound is playing (null: silent). */
      soundClock: () => number | null;
    };
  }
}

window.__studio = {
  ready: false,
  renderer: services,
  state: () => useStudio.getState(),
  soundClock: () => soundPlayer().clipTimeNow(),
};

async function boot(): Promise<void> {
  const store = useStudio.getState();
  const started = await startOffline({
    notify: store.notify,
    preparing: (label) => store.update({ modelProgress: { phase: 'busy', label, fraction: 0 } }),
  });
  if (!started) return; // reloading once into cross-origin isolation (the service worker's headers)
  const params = new URLSearchParams(location.search);
  try {
    await services.start(params.get('backend'));
    const index = await services.models.listModels();
    store.update({ models: index.models });
    await services.models.refreshCachedModels();
    // The link applies once its model is loaded, within that model's limits.
    watchPendingLinks();
    const link = location.hash;
    store.update({ pendingLink: link });
    await services.models.loadByKey(modelOfLink(link));
    useStudio.temporal.getState().clear();
    window.__studio.ready = true;
    studioStarted();
    prepareConvertWorker();
  } catch (error) {
    store.update({ modelProgress: { phase: 'error', message: `The studio could not start: ${userMessage(error)}` } });
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void boot();
