// A progress bar on stderr for long runs (cli-progress): a redrawn bar on a terminal, a line every
// few seconds when stderr is a file or a CI log. Stdout stays clean for --json.
import cliProgress from 'cli-progress';

export interface ProgressBar {
  /** `done` of `total` units, with extra text after the bar. */
  update(done: number, total: number, detail: string): void;
  /** Ends the bar's line (when it was shown), drawn full with a last `detail` when the work `completed`. */
  stop(completed: boolean, detail?: string): void;
}

export function progressBar(label: string): ProgressBar {
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total, detail) {
      if (bar === undefined) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {percentage}% · {detail} · eta {eta_formatted}`,
            stream: process.stderr,
            hideCursor: process.stderr.isTTY === true,
            noTTYOutput: true,
            notTTYSchedule: 5000,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, { detail });
      }
      bar.setTotal(total);
      bar.update(done, { detail });
    },
    stop(completed, detail) {
      if (bar === undefined) return;
      if (completed) bar.update(bar.getTotal(), detail === undefined ? {} : { detail });
      bar.stop();
    },
  };
}
