// Placeholder action for subcommands whose issue has not landed yet: says so and exits 2.
export function notBuiltYet(command: string): () => void {
  return () => {
    process.stderr.write(`ohmflow ${command}: not built yet (see the open issues); nothing was run.\n`);
    process.exitCode = 2;
  };
}
