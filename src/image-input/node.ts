/** Pictures from the Node file system (the CLI's door; pages and workers use ./index). */
export { readImageFile } from './node-decode';
