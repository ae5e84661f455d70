import { type Browser, type BrowserContext, chromium } from 'playwright-core';

const OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--enable-unsafe-webgpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Debian's Chromium, headless, WebGPU enabled (SwiftShader on machines without a GPU). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(OPTIONS);
}

/**
 * The same Chromium with a profile of its own in `userDataDir`, as a person's browser is (Playwright's other
 * contexts are incognito ones, where nothing can be installed).
 */
export function launchChromiumProfile(
  userDataDir: string,
  viewport = { width: 1400, height: 900 },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { ...OPTIONS, viewport });
}
