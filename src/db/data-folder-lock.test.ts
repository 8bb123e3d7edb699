import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFolderInUseError, lockDataFolder } from './data-folder-lock.ts';

describe('lockDataFolder', () => {
  it('lets one process hold the embedded data folder and tells a second one why it cannot', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'autofin-lock-'));
    const release = await lockDataFolder(dir);
    await expect(lockDataFolder(dir)).rejects.toThrow(DataFolderInUseError);
    await expect(lockDataFolder(dir)).rejects.toThrow(
      /Another Autofin process is using the embedded database/,
    );
    await release();
    const again = await lockDataFolder(dir);
    await again();
  });
});
