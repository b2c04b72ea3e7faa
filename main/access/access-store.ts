import { createHash } from 'node:crypto';
import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { defaultGroupPrefix, defaultUserPrefix } from '../../shared/access/rules';
import { AppError } from '../../shared/errors';
import {
  defaultMatrix,
  MatrixSchema,
  normalizeMatrix,
  type Matrix,
} from '../../shared/roles/permissions';
import { writeFileAtomic } from '../store/atomic-file';

const SavedAccessSchema = z.object({
  instanceKey: z.string(),
  matrix: MatrixSchema.nullable(),
  prefixes: z.object({ user: z.string(), group: z.string() }),
  savedAt: z.string(),
});
export type SavedAccess = z.infer<typeof SavedAccessSchema>;

/**
 * Per-instance access settings in <dataDir>/access/<hash of the instance key>.json:
 * the saved permission matrix and the namespace prefixes. Written atomically;
 * a file that cannot be read is moved aside and reported once.
 */
export class AccessStore {
  constructor(private readonly dataDir: string) {}

  private fileOf(instanceKey: string): string {
    const hash = createHash('sha256').update(instanceKey).digest('hex').slice(0, 24);
    return path.join(this.dataDir, 'access', `${hash}.json`);
  }

  async read(instanceKey: string): Promise<SavedAccess | null> {
    const file = this.fileOf(instanceKey);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return SavedAccessSchema.parse(JSON.parse(text));
    } catch (error) {
      const aside = `${file}.corrupt-${Date.now()}`;
      await rename(file, aside);
      throw new AppError(
        'internal',
        'accessFileCorrupt',
        `The saved access settings ${file} were unreadable and were moved to ${aside}: ${(error as Error).message}`,
        { path: file, aside },
      );
    }
  }

  async matrix(instanceKey: string): Promise<{ matrix: Matrix; saved: boolean }> {
    const saved = await this.read(instanceKey);
    if (saved?.matrix) return { matrix: normalizeMatrix(saved.matrix), saved: true };
    return { matrix: normalizeMatrix(defaultMatrix), saved: false };
  }

  async prefixes(instanceKey: string): Promise<SavedAccess['prefixes']> {
    const saved = await this.read(instanceKey).catch(() => null);
    return saved?.prefixes ?? { user: defaultUserPrefix, group: defaultGroupPrefix };
  }

  async update(instanceKey: string, change: Partial<Pick<SavedAccess, 'matrix' | 'prefixes'>>) {
    const current = await this.read(instanceKey).catch(() => null);
    const next: SavedAccess = {
      instanceKey,
      matrix: change.matrix ? normalizeMatrix(change.matrix) : (current?.matrix ?? null),
      prefixes: change.prefixes ??
        current?.prefixes ?? { user: defaultUserPrefix, group: defaultGroupPrefix },
      savedAt: new Date().toISOString(),
    };
    const file = this.fileOf(instanceKey);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, JSON.stringify(next, null, 2), { mode: 0o600, overwrite: true });
  }
}
