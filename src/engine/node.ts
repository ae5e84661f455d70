/** The engine's Node-only door: the tfjs backend for Node (WASM with SIMD, or CPU). */
export { type NodeBackend, useNodeBackend } from './node-backend';
