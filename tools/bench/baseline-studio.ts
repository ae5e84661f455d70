/**
 * `npm run bench -- --live-only --baseline <commit>`: the studio as it was at another commit, built from git into
 * .cache/ so its scrubbing can be measured beside today's in the same run (the live target "the settled full frame
 * no slower than before"; the studio before its render worker is df25dc4).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** Builds the studio of `commit` (a git worktree under .cache) and returns the folder of its build. */
export function buildBaselineStudio(commit: string): string {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${commit}^{commit}`], { encoding: 'utf8' }).trim();
  const tree = resolve(`.cache/baseline-${sha.slice(0, 12)}`);
  const dist = resolve(`.cache/baseline-dist-${sha.slice(0, 12)}`);
  if (!existsSync(tree)) execFileSync('git', ['worktree', 'add', '--detach', tree, sha], { stdio: 'ignore' });
  if (!existsSync(resolve(tree, 'node_modules'))) symlinkSync(resolve('node_modules'), resolve(tree, 'node_modules'));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', dist, '--emptyOutDir'], {
    cwd: tree,
    stdio: 'inherit',
  });
  return dist;
}

/**
 * Time change -> the full frame at t on the main canvas, for studios of any age (only the Time slider and the
 * canvas's data-rendered-t are relied on), at `count` new times from `start`. Milliseconds.
 */
export async function scrubFullFrames(page: Page, start: number, count: number): Promise<number[]> {
  return (await page.evaluate(`(async () => {
    const input = document.querySelector('input[aria-label="Time"]');
    const canvas = document.querySelector('canvas[aria-label="Video frame"]');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const full = [];
    for (let i = 0; i < ${count}; i++) {
      const requested = ${start} + i * 9.37;
      const started = performance.now();
      setValue.call(input, String(requested));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const t = input.value;
      if (Math.abs(Number(t) - requested) > 0.01) throw new Error('the Time slider took ' + t + ' for ' + requested);
      await new Promise((done) => {
        const check = () => (canvas.dataset.renderedT === t ? done() : requestAnimationFrame(check));
        check();
      });
      full.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 200));
    }
    return full;
  })()`)) as number[];
}
