import { accessSync, constants } from 'node:fs';

/** Where Debian's `chromium` package puts the browser. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The path of Debian's Chromium, or null when it is not installed. */
export const CHROMIUM_PATH: string | null =
  CANDIDATES.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }) ?? null;

/** What a skipped browser test says about itself, so a skip never reads as a pass. */
export const CHROMIUM_MISSING = "skipped: Debian's chromium is not installed (apt-get install chromium)";

/**
 * True when the browser tests must be skipped. In CI (`CI` set) a missing Chromium is an
 * error, not a skip: .ci/run installs it, so its absence means the setup broke.
 */
export function skipWithoutChromium(): boolean {
  if (CHROMIUM_PATH !== null) return false;
  if (process.env.CI) throw new Error("Debian's chromium is not installed, and CI must run the browser tests: .ci/run should have installed it (apt-get install chromium)");
  return true;
}
