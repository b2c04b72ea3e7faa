export {
  componentsFor,
  crdName,
  findComponent,
  getRelease,
  listReleases,
  matchImage,
  parseImageReference,
  serviceTypesFor,
} from './catalog';
export type { ImageReference, ReleaseRef } from './catalog';
export { componentDisplayNameKey, serviceTypes } from './releases';
export type * from './types';
