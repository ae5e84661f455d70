/**
 * Applying links: at start-up, when one is pasted into an open tab (hashchange), and once the model a link
 * names is loaded (a link to a model this browser lacks waits, and says how to load it).
 */
import { undoable } from './history';
import { requestModel, useStudio } from './store';
import { decodeLink, linkModel } from './url-state';
import { limitsOf } from './values';

function defaultModelId(): string {
  const models = useStudio.getState().models;
  return models.find((m) => m.default)?.id ?? models[0]?.id ?? '';
}

/** The model key a link needs. */
export function modelOfLink(hash: string): string {
  return linkModel(hash, defaultModelId());
}

/** Applies a link now when its model is the loaded one; otherwise loads that model and applies it then. */
export function applyLink(hash: string): void {
  const s = useStudio.getState();
  const key = modelOfLink(hash);
  if (s.model && s.modelId === key) {
    applyNow(hash);
    return;
  }
  s.update({ pendingLink: hash });
  requestModel({ kind: 'pick', key, quiet: true });
}

/** Applies `hash` to the model loaded now, whichever it is (a link's model-url= download has just loaded). */
export function applyNow(hash: string): void {
  const s = useStudio.getState();
  const { state, problems } = decodeLink(
    hash,
    defaultModelId(),
    limitsOf({ ...s, clipSeconds: 0, loopStart: 0, loopEnd: 0 }),
  );
  // A link cannot carry a sound: the clip keeps the one it has.
  undoable(() => s.update({ ...state, modelId: s.modelId, sound: s.sound, pendingLink: null, playing: false }));
  for (const problem of problems) useStudio.getState().notify(problem);
}

/** Applies a waiting link when its model arrives; the one line for a link whose model is not here. */
export function watchPendingLinks(): () => void {
  return useStudio.subscribe((s, p) => {
    if (s.pendingLink !== null && s.model && s.model !== p.model && s.modelId === modelOfLink(s.pendingLink))
      applyNow(s.pendingLink);
  });
}

/** The notice for a link whose model is missing: which model, and how to load it. */
export function missingModelNotice(key: string, showing: string): string {
  const what = key.startsWith('cache:') ? `a checkpoint converted in another browser (${key})` : `"${key}"`;
  return `This link's model is ${what}, which this browser does not have; showing ${showing}. Load its .pkl or model folder with "Load checkpoint": the rest of the link applies once it is loaded.`;
}
