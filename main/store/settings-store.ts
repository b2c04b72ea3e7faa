import type { ContextRef, Settings } from '../../shared/contract';
import type { Logger } from '../log';
import { openConf } from './open-conf';

/** A kubeconfig file or folder the user added, read on every start until the user removes it. */
export interface AddedSource {
  /** Absolute path. */
  path: string;
  kind: 'file' | 'folder';
}

/** Settings saved between runs: references to kubeconfig files only, never a credential. */
export interface StoredSettings extends Settings {
  activeContext: ContextRef | null;
  /** In the order the user added them; settings files written before this key existed read as []. */
  addedSources: AddedSource[];
}

const defaults: StoredSettings = {
  language: 'system',
  theme: 'system',
  activeContext: null,
  addedSources: [],
};

const schema = {
  language: { type: 'string', enum: ['system', 'en', 'ko'] },
  theme: { type: 'string', enum: ['system', 'light', 'dark'] },
  activeContext: {
    anyOf: [
      { type: 'null' },
      {
        type: 'object',
        properties: {
          source: { type: 'string', minLength: 1 },
          name: { type: 'string', minLength: 1 },
        },
        required: ['source', 'name'],
        additionalProperties: false,
      },
    ],
  },
  addedSources: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        path: { type: 'string', minLength: 1 },
        kind: { type: 'string', enum: ['file', 'folder'] },
      },
      required: ['path', 'kind'],
      additionalProperties: false,
    },
  },
} as const;

export interface SettingsStore {
  get(): StoredSettings;
  update(patch: Partial<StoredSettings>): StoredSettings;
  /** Remembers a file or folder; a path already remembered is left as it is. */
  addSource(source: AddedSource): AddedSource[];
  /** Forgets the file or folder at this path; returns false when it was not remembered. */
  removeSource(path: string): boolean;
  /** Path a corrupt settings file was moved to at start-up, or null. */
  readonly recoveredFrom: string | null;
}

/**
 * Opens the settings file in `dataDir`. conf writes atomically (temporary
 * file and rename), so a crash mid-write leaves the previous file. A file that
 * is not valid JSON or breaks the schema is moved aside with a timestamp and
 * reported, never silently reset.
 */
export function openSettingsStore(dataDir: string, log: Logger): SettingsStore {
  const { conf, movedTo: recoveredFrom } = openConf<StoredSettings>(
    { cwd: dataDir, configName: 'settings', defaults, schema },
    log,
  );

  return {
    recoveredFrom,
    get: () => ({
      language: conf.get('language'),
      theme: conf.get('theme'),
      activeContext: conf.get('activeContext'),
      addedSources: conf.get('addedSources'),
    }),
    update(patch) {
      for (const [key, value] of Object.entries(patch) as [keyof StoredSettings, unknown][]) {
        if (value !== undefined) conf.set(key, value as never);
      }
      return this.get();
    },
    addSource(source) {
      const sources = conf.get('addedSources');
      if (sources.some((item) => item.path === source.path)) return sources;
      const next = [...sources, { path: source.path, kind: source.kind }];
      conf.set('addedSources', next);
      return next;
    },
    removeSource(sourcePath) {
      const sources = conf.get('addedSources');
      const next = sources.filter((item) => item.path !== sourcePath);
      if (next.length === sources.length) return false;
      conf.set('addedSources', next);
      return true;
    },
  };
}
