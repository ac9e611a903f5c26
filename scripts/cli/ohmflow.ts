#!/usr/bin/env node
// Entry point of the `ohmflow` CLI: parse, call, print. Bad input exits 2 with one clear message.
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { isOhmflowError } from '../../workloads/errors.js';

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (isOhmflowError(error)) {
      process.stderr.write(`ohmflow: ${error.message}\n`);
      // Exit now: a progress bar's timer or an idle worker thread left by the failed command must
      // not keep the process alive.
      process.exit(2);
    }
    // A usage error (unknown option or command, missing value): commander has printed it.
    if (error instanceof CommanderError) process.exit(2);
    throw error;
  }
}

await main();
