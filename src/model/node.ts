/** The model folder on the Node file system: read one, write one, keep models/index.json. */
export { modelFilesFromDirectory } from './node-files';
export {
  createFolderSink,
  createStagedFolderSink,
  indexEntryFor,
  type StagedFolderSink,
  updateModelIndex,
} from './node-folder';
