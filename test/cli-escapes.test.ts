/**
 * Nothing that escapes a command reaches the user as tfjs-wasm's minified source: once its Emscripten glue
 * is loaded, an unhandled rejection or an exception thrown from a callback is rethrown by the glue's own
 * listeners and Node prints the glue's 39 KB source line. The CLI's catchEscapes answers first, in one line.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = resolve(__dirname, 'support/escape-child.ts');

function run(how: string, guarded: boolean): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CHILD, how, guarded ? 'guarded' : 'bare'],
      { encoding: 'utf8', cwd: resolve(__dirname, '..') },
      (error, _stdout, stderr) => done({ code: error ? Number(error.code) : 0, stderr }),
    );
  });
}

describe('escapes on the main thread', () => {
  it.each(['reject', 'throw'])(
    '%s: one line and exit 1 (without the guard: the glue dumps its source)',
    async (how) => {
      const bare = await run(how, false);
      expect(bare.code).not.toBe(0);
      expect(bare.stderr.length, 'the class of problem is real').toBeGreaterThan(10_000);
      const guarded = await run(how, true);
      expect(guarded.code).toBe(1);
      expect(guarded.stderr).toMatch(/^stylegan-v: escaped x+\n$/);
    },
    60_000,
  );
});
