/**
 * A process that lets an error escape after tfjs-wasm is loaded (its Emscripten glue adds listeners that
 * rethrow), the way a forgotten promise in a command would: `reject` leaves a rejection unhandled, `throw`
 * throws from a timer. With `guarded`, the CLI's catchEscapes runs first, as in bin/stylegan-v.
 */
import { catchEscapes } from '../../src/cli/main';
import { useNodeBackend } from '../../src/engine/node';

const [how, guarded] = process.argv.slice(2);
if (guarded === 'guarded') catchEscapes();
await useNodeBackend('wasm');
const error = new Error(`escaped ${'x'.repeat(100)}`);
if (how === 'reject') void Promise.reject(error);
else
  setTimeout(() => {
    throw error;
  }, 0);
