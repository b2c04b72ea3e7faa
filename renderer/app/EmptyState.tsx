import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import type SvgIcon from '@mui/material/SvgIcon';
import Typography from '@mui/material/Typography';

export interface EmptyStateProps {
  icon: typeof SvgIcon;
  title: string;
  body: string;
}

export function EmptyState({ icon: Icon, title, body }: EmptyStateProps) {
  return (
    <Paper variant="outlined" data-testid="empty-state" sx={{ p: 6 }}>
      <Stack spacing={1.5} sx={{ alignItems: 'center', textAlign: 'center' }}>
        <Icon sx={{ fontSize: 48 }} color="disabled" />
        <Typography variant="h6" component="h2">
          {title}
        </Typography>
        <Typography color="text.secondary" sx={{ maxWidth: 560 }}>
          {body}
        </Typography>
      </Stack>
    </Paper>
  );
}
