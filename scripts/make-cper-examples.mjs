// Writes the bundled CPER examples from the encoders, so the files are what the code produces:
//   examples/cper/qemu-sea-memory-error.hex  (formats.md (e), hex text, 32 bytes per line)
//   examples/cper/memory-record.cper         (binary full CPER record)
// Run after the build: node scripts/make-cper-examples.mjs
// A test (packages/core/test/cli/cper-examples.test.ts) fails when the files drift from the code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ex = await import(join(root, 'packages/core/dist/src/apei/cper-examples.js'));
const dir = join(root, 'examples', 'cper');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'qemu-sea-memory-error.hex'), ex.hexLines(ex.qemuSeaMemoryBlock(), 32));
writeFileSync(join(dir, 'memory-record.cper'), ex.memoryRecordExampleBytes());
console.log(`wrote ${dir}/qemu-sea-memory-error.hex and memory-record.cper`);
