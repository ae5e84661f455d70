import { wsDigest } from '../render/shared/content-ws';
import { type SavedProjection, savedLabels, savedStore, shortDateTime } from './saved-entries';

/**
 * A projected picture kept in this browser, so it can be chosen again. Its id is a digest of the ws text (the
 * same ws are stored once); its name, the picture's file name.
 */
export type SavedPicture = SavedProjection;

export const SAVED_PICTURES_KEY = 'stylegan-v-studio:projected-pictures';

const store = savedStore<SavedPicture>({
  key: SAVED_PICTURES_KEY,
  isEntry: (v) => typeof v.ws === 'string' && typeof v.psnr === 'number',
  idOf: (entry) => wsDigest(entry.ws),
  noun: 'picture',
  hint: 'delete some saved pictures',
});

/** Every saved picture (of every model), newest first; unreadable storage reads as none. */
export const readSavedPictures = store.read;
/** Stores a picture (replacing one with the same ws); throws a clear error when the browser refuses. */
export const savePicture = store.save;
export const deleteSavedPicture = store.remove;
/** Names that tell saved pictures apart: "<file name> · <date and time>" (saved-entries.ts). */
export const savedPictureLabels = savedLabels;
export { shortDateTime };
