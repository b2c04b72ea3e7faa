import type { TFunction } from 'i18next';

import { componentDisplayNameKey } from '../../shared/catalog';
import type { ComponentId } from '../../shared/catalog';

/** The display name of a catalog component, or its id when the catalog has no such component. */
export function componentName(t: TFunction, id: string): string {
  return t(componentDisplayNameKey(id as ComponentId), { defaultValue: id });
}
