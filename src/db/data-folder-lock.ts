import lockfile from 'proper-lockfile';

export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
}

/**
 * PGlite takes no lock of its own, and two processes on one data folder corrupt it. We hold a lock
 * (a `<folder>.lock` directory, refreshed while we run and considered stale 30 s after a crash).
 */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(dataDir, { stale: 30_000, update: 10_000, realpath: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new DataFolderInUseError(
        `Another Autofin process is using the embedded database in ${dataDir}. ` +
          'Stop it first, or give this one its own AUTOFIN_DATA_DIR, or set DATABASE_URL so both share PostgreSQL.',
      );
    }
    throw error;
  }
}
