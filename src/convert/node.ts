/** The converter's Node-only door: snapshot files read from disk. */
export { FileByteSource } from './file-byte-source';
