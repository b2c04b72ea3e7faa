import type { z } from 'zod';

import type { RequestSpecs } from '../shared/contract/areas/spec';
import type { EventHub } from './ipc/event-hub';
import type { KubeService } from './kube/kube-service';
import type { Logger } from './log';

/** What every area of main receives from createServices. */
export interface AreaContext {
  shell: 'electron' | 'web' | 'cli';
  /** Folder for settings and saved state. */
  dataDir: string;
  kube: KubeService;
  hub: EventHub;
  log: Logger;
  /** Registers work to run when the services close, in reverse order of registration. */
  onClose(stop: () => Promise<void> | void): void;
}

/** The handler of each request channel of one area; each receives the validated payload. */
export type AreaHandlers<R extends RequestSpecs> = {
  [C in keyof R]: (
    payload: z.output<R[C]['request']>,
  ) => Promise<z.output<R[C]['response']>> | z.output<R[C]['response']>;
};
