// Debian's chromium, headless, for the report's browser test: where it is installed, a page's
// rendered DOM (after a probe script ran) and a screenshot. CI installs it in scripts/setup.sh.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | undefined {
  const fromEnv = process.env.OHMFLOW_CHROMIUM;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return CANDIDATES.find((p) => existsSync(p));
}

/** One window size for the DOM dump and the screenshot, so their layouts agree. */
const WINDOW = { widthPx: 1280, heightPx: 2600 };

// --no-sandbox: CI runs as root, where chromium refuses its sandbox. The user-data dir keeps runs
// apart; the virtual-time budget lets the load event and the probe run before the dump.
function baseArgs(profileDir: string): string[] {
  return ['--headless', `--window-size=${WINDOW.widthPx},${WINDOW.heightPx}`, '--force-device-scale-factor=1', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars',
    '--no-first-run', '--mute-audio', `--user-data-dir=${profileDir}`, '--virtual-time-budget=10000'];
}

function run(binary: string, args: string[]): string {
  return execFileSync(binary, args, { encoding: 'utf8', timeout: 90_000, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The DOM as the browser holds it after loading `file` (scripts run, images decoded). */
export function dumpDom(binary: string, file: string, profileDir: string): string {
  return run(binary, [...baseArgs(profileDir), '--dump-dom', `file://${file}`]);
}

/** A PNG screenshot of `file`, one device pixel per CSS pixel. */
export function screenshot(binary: string, file: string, png: string, profileDir: string): void {
  run(binary, [...baseArgs(profileDir), `--screenshot=${png}`, `file://${file}`]);
}
