import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file for a pickup (the bank's ACH folder, the mail house's print folder) under a
 * temporary name, then renames it, so the reader never sees half a file. Each writer has its own
 * temporary name, so two workers writing at once each rename a whole (identical) file.
 */
export async function writeFileAtomically(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${randomUUID()}.partial`;
  await writeFile(partial, content);
  await rename(partial, file);
}
