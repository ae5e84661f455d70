import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { renderer } from './render/studio-renderer';
import { useStudio } from './state/store';
import { decodeHash } from './state/url-state';
import './studio.css';
import { errorMessage } from '../util';

declare global {
  interface Window {
    /** Hooks for end-to-end tests and the benchmark. */
    __studio: { ready: boolean; renderer: typeof renderer; state: () => ReturnType<typeof useStudio.getState> };
  }
}

window.__studio = { ready: false, renderer, state: () => useStudio.getState() };

async function boot(): Promise<void> {
  const store = useStudio.getState();
  const params = new URLSearchParams(location.search);
  try {
    await renderer.start(params.get('backend'));
    const index = await renderer.listModels();
    const fallback = index.models.find((m) => m.default)?.id ?? index.models[0]?.id ?? '';
    const fromUrl = decodeHash(location.hash, fallback);
    store.update({ ...fromUrl, models: index.models });
    await renderer.refreshCachedModels();
    await renderer.loadModelByKey(fromUrl.modelId);
    window.__studio.ready = true;
  } catch (error) {
    store.update({ modelProgress: { phase: 'error', message: `The studio could not start: ${errorMessage(error)}` } });
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void boot();
