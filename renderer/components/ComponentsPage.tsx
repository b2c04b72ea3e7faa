import Check from '@mui/icons-material/Check';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import { componentsFor, listReleases, serviceTypesFor, type Release } from '../../shared/catalog';
import type { InstanceStatusView } from '../../shared/status/schemas';
import { PageHeading } from '../app/PageHeading';
import { OfflineBanner } from '../offline/OfflineBanner';
import { componentName } from '../status/component-name';
import { contextNameOf } from '../status/context-name';
import { useStatusStore, useStatusStoreApi } from '../status/useStatusStore';

/** One place a component version was seen running. */
interface Sighting {
  context: string;
  version: string;
  drift: boolean;
  instance: string;
}

/** Groups the observed versions by release and component: `${release}/${component}` → sightings. */
export function sightingsOf(statuses: readonly InstanceStatusView[]): Map<string, Sighting[]> {
  const sightings = new Map<string, Sighting[]>();
  for (const status of statuses) {
    for (const component of status.components) {
      if (!component.observedVersion) continue;
      const key = `${status.release}/${component.id}`;
      const list = sightings.get(key) ?? [];
      list.push({
        context: contextNameOf(status.contextId),
        version: component.observedVersion,
        drift: component.drift.length > 0,
        instance: `${status.namespace}/${status.name}`,
      });
      sightings.set(key, list);
    }
  }
  return sightings;
}

function ReleaseMatrix({
  release,
  sightings,
}: {
  release: Release;
  sightings: Map<string, Sighting[]>;
}) {
  const { t } = useTranslation();
  const types = serviceTypesFor(release);
  const included = new Map(
    types.map((type) => [
      type.id,
      new Set(componentsFor(release, type.id).map((entry) => entry.id)),
    ]),
  );

  return (
    <Box sx={{ mb: 4 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {t('status.componentsPage.release', { release: release.id })}
      </Typography>
      <Table size="small" data-testid={`components-matrix-${release.id}`}>
        <TableHead>
          <TableRow>
            <TableCell>{t('status.componentsPage.component')}</TableCell>
            <TableCell>{t('status.componentsPage.version')}</TableCell>
            {types.map((type) => (
              <TableCell key={type.id} align="center">
                {t(type.displayNameKey)}
              </TableCell>
            ))}
            <TableCell>{t('status.componentsPage.clusters')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {release.components.map((component) => {
            const seen = sightings.get(`${release.id}/${component.id}`) ?? [];
            return (
              <TableRow key={component.id} data-component={component.id}>
                <TableCell>{componentName(t, component.id)}</TableCell>
                <TableCell>{component.version}</TableCell>
                {types.map((type) => (
                  <TableCell key={type.id} align="center">
                    {included.get(type.id)?.has(component.id) ? (
                      <Check fontSize="small" aria-label={t(type.displayNameKey)} />
                    ) : null}
                  </TableCell>
                ))}
                <TableCell>
                  {seen.length === 0 ? (
                    <Typography variant="body2" color="text.secondary">
                      {t('status.componentsPage.notObserved')}
                    </Typography>
                  ) : (
                    <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                      {seen.map((sighting) => (
                        <Tooltip
                          key={`${sighting.context}-${sighting.instance}`}
                          title={
                            sighting.drift
                              ? `${sighting.instance} · ${t('status.componentsPage.driftHint')}`
                              : sighting.instance
                          }
                        >
                          <Chip
                            size="small"
                            variant="outlined"
                            color={sighting.drift ? 'warning' : 'default'}
                            label={t('status.componentsPage.observed', {
                              cluster: sighting.context,
                              version: sighting.version,
                            })}
                            data-testid="component-sighting"
                          />
                        </Tooltip>
                      ))}
                    </Stack>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}

function WatchedClusters() {
  const { t } = useTranslation();
  const clusters = useStatusStore((state) => state.clusters);
  const store = useStatusStoreApi();

  return (
    <Box sx={{ mb: 3 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {t('status.componentsPage.watched')}
      </Typography>
      {clusters.length === 0 ? (
        <Typography color="text.secondary">{t('status.componentsPage.noClusters')}</Typography>
      ) : (
        <Stack spacing={1} data-testid="watched-clusters">
          {clusters.map((cluster) => (
            <Stack
              key={cluster.contextId}
              direction="row"
              spacing={1}
              sx={{ alignItems: 'center' }}
            >
              <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
                {contextNameOf(cluster.contextId)}
              </Typography>
              <Chip
                size="small"
                label={t(
                  cluster.mode === 'active'
                    ? 'status.componentsPage.active'
                    : cluster.mode === 'pinned'
                      ? 'status.componentsPage.pinned'
                      : 'status.componentsPage.onDemand',
                )}
              />
              <Chip
                size="small"
                variant="outlined"
                color={cluster.reachable ? 'success' : 'warning'}
                label={t(
                  cluster.reachable
                    ? 'status.componentsPage.reachable'
                    : 'status.componentsPage.unreachable',
                )}
              />
              <Typography variant="body2" color="text.secondary">
                {t('status.componentsPage.watches', { count: cluster.watches })}
              </Typography>
              {cluster.mode === 'pinned' && (
                <Button size="small" onClick={() => void store.getState().unpin(cluster.contextId)}>
                  {t('status.componentsPage.unpin')}
                </Button>
              )}
            </Stack>
          ))}
        </Stack>
      )}
    </Box>
  );
}

/** The release × service type × component version matrix of the catalog, with the clusters that run each version. */
export function ComponentsPage() {
  const { t } = useTranslation();
  const statuses = useStatusStore((state) => state.statuses);
  const sightings = sightingsOf(Object.values(statuses));

  return (
    <>
      <PageHeading>{t('components.title')}</PageHeading>
      <OfflineBanner asOf={null} />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('status.componentsPage.intro')}
      </Typography>
      <WatchedClusters />
      {listReleases().map((release) => (
        <ReleaseMatrix key={release.id} release={release} sightings={sightings} />
      ))}
    </>
  );
}
