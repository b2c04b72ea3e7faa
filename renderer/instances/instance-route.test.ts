import { describe, expect, it } from 'vitest';

import { instanceHref, parseInstanceRoute } from './instance-route';

describe('instance routes', () => {
  it('round-trips a detail route whose key holds any character', () => {
    const route = { view: 'detail', key: 'kubeflow/kf@/home/a b/.kube/config#ctx&x=1' } as const;

    expect(parseInstanceRoute(instanceHref(route))).toEqual(route);
  });

  it.each([
    ['#/instances', { view: 'list' }],
    ['#/instances/new', { view: 'create' }],
    ['#/instances/view', { view: 'list' }],
    ['#/instances/view?other=1', { view: 'list' }],
  ])('reads %s', (hash, route) => {
    expect(parseInstanceRoute(hash)).toEqual(route);
  });
});
