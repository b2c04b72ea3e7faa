import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits of the new file, applied after creation so the umask cannot narrow them. */
  mode: number;
  /** False makes the write fail with EEXIST when the file exists, instead of replacing it. */
  overwrite: boolean;
}

/**
 * Writes a file so readers see either the old content or the new, never a
 * part: the data goes to a temporary file in the same folder, is flushed to
 * disk, and then takes the target's name by rename (or by link when
 * `overwrite` is false, which fails rather than replace an existing file).
 */
export async function writeFileAtomic(
  filePath: string,
  data: string | Buffer,
  options: AtomicWriteOptions,
): Promise<void> {
  const folder = path.dirname(filePath);
  // Hidden, so a folder source or a watcher that skips hidden files ignores it.
  const temporary = path.join(
    folder,
    `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`,
  );

  const handle = await open(temporary, 'wx', options.mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(options.mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => {});
    throw error;
  }
  await handle.close();

  try {
    if (options.overwrite) {
      await rename(temporary, filePath);
    } else {
      await link(temporary, filePath);
      await unlink(temporary);
    }
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
  await syncFolder(folder);
}

/** Flushes a folder's entries, so the rename itself survives a power loss. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms and file systems (Windows, some network mounts) cannot open or sync a folder.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES')
      throw error;
  } finally {
    await handle?.close();
  }
}
