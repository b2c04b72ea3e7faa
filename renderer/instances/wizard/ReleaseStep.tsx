import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useTranslation } from 'react-i18next';

import { componentsFor, getRelease, listReleases } from '../../../shared/catalog';
import type { Release, ServiceType } from '../../../shared/provision/instance';

/** Picks the release and the service type, and lists the components they install with their versions. */
export function ReleaseStep({
  release,
  serviceType,
  onChange,
}: {
  release: Release;
  serviceType: ServiceType;
  onChange(release: Release, serviceType: ServiceType): void;
}) {
  const { t } = useTranslation();
  const entry = getRelease(release);
  const components = componentsFor(release, serviceType);

  return (
    <Stack spacing={2}>
      <div>
        <FormLabel id="release-label">{t('instances.wizard.release')}</FormLabel>
        <RadioGroup
          row
          aria-labelledby="release-label"
          value={release}
          onChange={(event) => onChange(event.target.value as Release, serviceType)}
        >
          {listReleases().map((candidate) => (
            <FormControlLabel
              key={candidate.id}
              value={candidate.id}
              control={<Radio />}
              label={t(candidate.displayNameKey)}
            />
          ))}
        </RadioGroup>
      </div>
      <div>
        <FormLabel id="service-type-label">{t('instances.wizard.serviceType')}</FormLabel>
        <RadioGroup
          row
          aria-labelledby="service-type-label"
          value={serviceType}
          onChange={(event) => onChange(release, event.target.value as ServiceType)}
        >
          {(entry?.serviceTypes ?? []).map((id) => (
            <FormControlLabel
              key={id}
              value={id}
              control={<Radio />}
              label={t(`catalog.serviceType.${id}`)}
            />
          ))}
        </RadioGroup>
      </div>
      <Table size="small" aria-label={t('instances.wizard.components')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('instances.wizard.component')}</TableCell>
            <TableCell>{t('instances.wizard.version')}</TableCell>
            <TableCell>{t('instances.wizard.namespace')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {components.map((component) => (
            <TableRow key={component.id}>
              <TableCell>
                {t(component.displayNameKey)}
                {component.category === 'platform' && (
                  <Chip
                    size="small"
                    variant="outlined"
                    label={t('instances.wizard.platform')}
                    sx={{ ml: 1 }}
                  />
                )}
              </TableCell>
              <TableCell>{component.version}</TableCell>
              <TableCell>{component.namespace}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
}
