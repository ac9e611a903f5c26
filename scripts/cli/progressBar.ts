// A progress bar on stderr for long runs (cli-progress): a redrawn bar on a terminal, a line every
// few seconds when stderr is a file or a CI log. Stdout stays clean for --json.
import cliProgress from 'cli-progress';

interface ProgressBar {
  /** `done` of `total` units, with extra text after the bar. */
  update(done: number, total: number, detail: string): void;
  /** Ends the bar's line (when it was shown), drawn full with a last `detail` when the work `completed`. */
  stop(completed: boolean, detail?: string): void;
}

/** Time left at the average rate so far: cli-progress's own estimate, over its last few updates,
 *  read "0s" mid-run when updates came in bursts and "NULL" at the end. (Its built-in {eta} token
 *  wins over a payload of that name, so this one is {etaText}.) */
export function etaText(done: number, total: number, elapsedS: number): string {
  if (done >= total) return 'done';
  if (done <= 0 || elapsedS <= 0) return '--';
  const s = Math.round((elapsedS * (total - done)) / done);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `alreadyDone`: units done before the bar starts (work that ran in the background), left out of the rate. */
export function progressBar(label: string, alreadyDone = 0): ProgressBar {
  let bar: cliProgress.SingleBar | undefined;
  const startMs = performance.now();
  const eta = (done: number, total: number) => (done >= total ? 'done' : etaText(done - alreadyDone, total - alreadyDone, (performance.now() - startMs) / 1e3));
  return {
    update(done, total, detail) {
      if (bar === undefined) {
        bar = new cliProgress.SingleBar(
          {
            // Not {eta}: cli-progress fills that token itself (its own estimate) over the payload.
            format: `${label} [{bar}] {percentage}% · {detail} · eta {etaText}`,
            stream: process.stderr,
            hideCursor: process.stderr.isTTY === true,
            noTTYOutput: true,
            notTTYSchedule: 5000,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, { detail, etaText: eta(done, total) });
      }
      bar.setTotal(total);
      bar.update(done, { detail, etaText: eta(done, total) });
    },
    stop(completed, detail) {
      if (bar === undefined) return;
      if (completed) bar.update(bar.getTotal(), { ...(detail === undefined ? {} : { detail }), etaText: 'done' });
      bar.stop();
    },
  };
}
