// Worker thread of an accuracy study (pool.ts): builds its runner from the study's data, then
// runs each unit it is sent until it is sent null. Built JS only (dist/sim/accuracy/worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './pool.js';
import { UnitRunner, type StudyData } from './units.js';

const runner = new UnitRunner(workerData as StudyData);
parentPort!.on('message', (m: ToWorker) => {
  if (m === null) {
    parentPort!.close();
    return;
  }
  let reply: FromWorker;
  try {
    reply = { index: m.index, hits: runner.run(m.unit) };
  } catch (error) {
    reply = { error: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
