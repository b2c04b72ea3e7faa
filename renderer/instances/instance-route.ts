/** Where the Instances screen is: the list, the creation wizard, or one instance. */
export type InstanceRoute = { view: 'list' } | { view: 'create' } | { view: 'detail'; key: string };

/** Reads `#/instances`, `#/instances/new` and `#/instances/view?key=…`. */
export function parseInstanceRoute(hash: string): InstanceRoute {
  const path = hash.replace(/^#\/?/, '');
  if (path.startsWith('instances/new')) return { view: 'create' };
  if (path.startsWith('instances/view')) {
    const query = path.slice(path.indexOf('?') + 1);
    const key = new URLSearchParams(query).get('key');
    if (path.includes('?') && key) return { view: 'detail', key };
  }
  return { view: 'list' };
}

export function instanceHref(route: InstanceRoute): string {
  switch (route.view) {
    case 'list':
      return '#/instances';
    case 'create':
      return '#/instances/new';
    case 'detail':
      return `#/instances/view?${new URLSearchParams({ key: route.key }).toString()}`;
  }
}
