// Writes hw/arch/arch.schema.json (for editors: presets point at it with "$schema").
// Run after a schema change: `npx tsc -p . && node dist/hw/arch/emitSchema.js`; a test keeps the
// committed file in step with the zod schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { archJsonSchema } from './schema.js';
import { packageRoot } from './packageRoot.js';

export function archJsonSchemaText(): string {
  return `${JSON.stringify(archJsonSchema(), null, 2)}\n`;
}

export function archJsonSchemaPath(): string {
  return join(packageRoot(import.meta.url), 'hw', 'arch', 'arch.schema.json');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  writeFileSync(archJsonSchemaPath(), archJsonSchemaText());
  process.stdout.write(`wrote ${archJsonSchemaPath()}\n`);
}
