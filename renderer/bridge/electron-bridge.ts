import type {
  Bridge,
  EventChannel,
  EventOf,
  PreloadApi,
  RequestChannel,
} from '../../shared/contract';
import { parseEventPayload, unwrapCallResult } from './validate';

/** Creates the bridge client over the API that the Electron preload exposes. */
export function createElectronBridge(preload: PreloadApi): Bridge {
  return {
    async call<C extends RequestChannel>(channel: C, payload: unknown) {
      const result = await preload.call(channel, payload);
      return unwrapCallResult(channel, result);
    },

    subscribe<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void) {
      return preload.subscribe(event, (payload) => {
        const parsed = parseEventPayload(event, payload);
        if (parsed !== undefined) listener(parsed);
      });
    },
  };
}
