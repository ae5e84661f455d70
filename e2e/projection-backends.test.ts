/**
 * Projection gradients on the browser's own backends: WebGL and WebGPU (SwiftShader here) run the non-fused
 * synthesis, match finite differences, improve the PSNR and leave no tensors behind.
 */

import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleScript } from './support/bundle';
import { chromiumForSuite } from './support/chromium';
import type { BackendCheck } from './support/projection-entry';

describe('projection on browser backends', () => {
  const suite = chromiumForSuite();
  let script: string;
  beforeAll(async () => {
    script = await bundleScript(resolve(__dirname, 'support/projection-entry.ts'), 'ProjectionCheck');
  });

  /** A fresh page per backend: one GPU context each. */
  async function freshPage(): Promise<Page> {
    const page = await suite.browser.newPage();
    // A document of the same origin without the studio (a JSON file), whose own tfjs would share the global engine.
    await page.goto(new URL('models/index.json', inject('baseUrl')).href);
    await page.addScriptTag({ content: script });
    return page;
  }

  it.each(['webgl', 'webgpu'])(
    '%s: gradients through the non-fused synthesis, a few projection steps, no leaks',
    async (backend) => {
      const page = await freshPage();
      const check = await page.evaluate(
        ([name, url]) =>
          (
            globalThis as unknown as {
              ProjectionCheck: { checkBackend: (b: string, u: string) => Promise<BackendCheck> };
            }
          ).ProjectionCheck.checkBackend(name, url),
        [backend, new URL('models/sky64/', inject('baseUrl')).href] as const,
      );
      expect(check.backend).toBe(backend);
      expect(check.fusedVsNonFused).toBeLessThan(1e-3);
      expect(Math.abs(check.analytic - check.numeric)).toBeLessThan(0.05 * Math.abs(check.numeric));
      expect(check.psnrs).toHaveLength(6);
      expect(check.psnrs[5]!).toBeGreaterThan(check.psnrs[0]!);
      expect(check.tensorsAfter).toBe(check.tensorsBefore);
      await page.close();
    },
  );
});
