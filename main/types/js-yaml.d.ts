import type { Type } from 'js-yaml';

// js-yaml 4.1 and later export the built-in tag types as `types`, but
// @types/js-yaml 4.0.9 does not declare them yet.
declare module 'js-yaml' {
  export const types: Record<
    | 'binary'
    | 'float'
    | 'map'
    | 'null'
    | 'pairs'
    | 'set'
    | 'timestamp'
    | 'bool'
    | 'int'
    | 'merge'
    | 'omap'
    | 'seq'
    | 'str',
    Type
  >;
}
