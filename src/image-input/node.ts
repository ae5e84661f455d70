/** Pictures from the Node file system (the CLI's door; pages and workers use ./index). */
export { decodeImageBytes, readImageFile } from './node-decode';
