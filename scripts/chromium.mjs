// Launches Debian's Chromium headless through playwright-core, with the flags this machine needs
// (no sandbox as root, no GPU, no background network traffic): shared by the e2e tests and the bench.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}
