import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import { formatFullTime, formatRelativeTime } from './time-format';
import { useNow } from './useNow';

/** Shows when a check ran as a relative time, with the full date and time on hover. */
export function CheckedAtText({ checkedAt, testId }: { checkedAt: string; testId?: string }) {
  const { i18n } = useTranslation();
  const now = useNow();
  const full = formatFullTime(checkedAt, i18n.language);

  return (
    <Tooltip title={full} describeChild>
      <Typography component="time" variant="body2" dateTime={checkedAt} data-testid={testId}>
        {formatRelativeTime(checkedAt, now, i18n.language)}
      </Typography>
    </Tooltip>
  );
}
