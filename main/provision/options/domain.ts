import type { OptionEffect } from '../../../shared/provision/options';
import type { KubeObject } from '../object-ref';
import { effect } from './effects';
import { configMapData, isKind, isRecord } from './objects';

/**
 * Serves the instance under a host name: the Istio Gateways bound to the
 * ingress gateway (selector `istio: ingressgateway`) answer only that host
 * instead of upstream's `*`, and Knative Serving names inference services
 * under it (ConfigMap `config-domain` in `knative-serving`).
 *
 * NOTE: a Host header other than the domain (such as localhost through
 * `kubectl port-forward`) no longer reaches the dashboard.
 */
export function applyDomain(objects: KubeObject[], domain: string): OptionEffect[] {
  const effects: OptionEffect[] = [];
  for (const object of objects) {
    if (isKind(object, 'Gateway', 'networking.istio.io')) {
      const spec = object['spec'];
      if (!isRecord(spec) || !isRecord(spec['selector'])) continue;
      if (spec['selector']['istio'] !== 'ingressgateway' || !Array.isArray(spec['servers']))
        continue;
      for (const server of spec['servers']) {
        if (isRecord(server)) server['hosts'] = [domain];
      }
      effects.push(effect('domain', 'changed', object, 'gatewayHostsSet', { hosts: domain }));
      continue;
    }
    if (isKind(object, 'ConfigMap') && object.metadata.name === 'config-domain') {
      configMapData(object)[domain] = '';
      effects.push(effect('domain', 'changed', object, 'configSet', { key: domain, value: '""' }));
    }
  }
  return effects;
}
