import { existsSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; .ci/run installs it. Playwright's own browser download is not reachable here. */
export const chromiumPath = process.env.KFD_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium with the flags this offline, root-run machine
 * needs: no sandbox (root), and no background networking, which would try
 * to reach Google's hosts and fail.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium was not found at ${chromiumPath}. Install it with "apt-get install -y chromium" or set KFD_CHROMIUM.`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
