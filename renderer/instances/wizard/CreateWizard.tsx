import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { PlanView } from '../../../shared/contract/areas/instances';
import { PageHeading } from '../../app/PageHeading';
import { useAppStore } from '../../app/useAppStore';
import { useStores } from '../../app/stores-context';
import { useErrorMessage } from '../../app/useErrorMessage';
import { isSandboxContext } from '../../kube/context-display';
import { useContextStore } from '../../kube/useContextStore';
import { useSubmission } from '../../kube/useSubmission';
import { instanceHref } from '../instance-route';
import { JobProgress } from '../job/JobProgress';
import { PlanSummary } from '../plan/PlanSummary';
import { useInstanceStore } from '../useInstanceStore';
import { validateOptionsForm } from '../../../shared/provision/options';
import type { ClusterFacts } from '../../../shared/contract/areas/instance-options';
import { BasicsStep } from './BasicsStep';
import { OptionsStep } from './OptionsStep';
import { ClusterStep } from './ClusterStep';
import { basicsProblems, emptyDraft, toCreateRequest, type Draft } from './draft';
import { OneTimePassword } from './OneTimePassword';
import { ReleaseStep } from './ReleaseStep';

const steps = ['cluster', 'release', 'basics', 'options', 'plan', 'apply'] as const;
type StepId = (typeof steps)[number];

/** Create wizard: cluster, release and service type, basics, plan preview, apply with progress. */
export function CreateWizard() {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const formatError = useErrorMessage();
  const contexts = useContextStore((state) => state.list?.contexts ?? []);
  const activeId = useContextStore((state) => state.activeId);
  const sandbox = useAppStore((state) => state.sandbox);
  const initial = useMemo(() => {
    const active = contexts.find((context) => context.id === activeId);
    return emptyDraft(activeId ?? '', active ? isSandboxContext(active, sandbox) : false);
    // The draft starts once, from the active context when the wizard opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const [draft, setDraft] = useState<Draft>(initial);
  const [step, setStep] = useState<StepId>('cluster');
  const [showProblems, setShowProblems] = useState(false);
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [facts, setFacts] = useState<{ contextId: string; facts: ClusterFacts } | null>(null);
  const [showOptionErrors, setShowOptionErrors] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const job = useInstanceStore((state) => (jobId ? (state.jobs[jobId] ?? null) : null));
  const submission = useSubmission();
  // Until the user picks one, the active context is the cluster, or the first usable one.
  const contextId =
    draft.contextId ||
    activeId ||
    contexts.find((context) => context.invalidReason === null)?.id ||
    '';
  const chosen = { ...draft, contextId };
  const problems = basicsProblems(chosen);
  const index = steps.indexOf(step);

  const update = (patch: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setPlan(null);
  };

  const makePlan = () =>
    submission.run(async () => {
      setPlan(null);
      setPlan(await bridge.call('instances.plan', toCreateRequest(chosen)));
    });

  const apply = () =>
    submission.run(async () => {
      if (!plan?.planId) return;
      const result = await bridge.call('instances.apply', { planId: plan.planId });
      setJobId(result.job.jobId);
      setPassword(result.ownerPassword);
      setStep('apply');
    });

  const loadFacts = (forContext: string) =>
    submission.run(async () => {
      const loaded = await bridge.call('instances.clusterFacts', { contextId: forContext });
      setFacts({ contextId: forContext, facts: loaded });
    });

  function next() {
    if (step === 'basics' && problems.length > 0) {
      setShowProblems(true);
      return;
    }
    if (step === 'options' && Object.keys(validateOptionsForm(draft.optionsForm)).length > 0) {
      setShowOptionErrors(true);
      return;
    }
    const following = steps[index + 1];
    if (!following) return;
    setStep(following);
    if (following === 'options' && facts?.contextId !== contextId) void loadFacts(contextId);
    if (following === 'plan') void makePlan();
  }

  let body: ReactNode;
  switch (step) {
    case 'cluster':
      body = (
        <ClusterStep contextId={contextId} onChange={(picked) => update({ contextId: picked })} />
      );
      break;
    case 'release':
      body = (
        <ReleaseStep
          release={draft.release}
          serviceType={draft.serviceType}
          onChange={(release, serviceType) => update({ release, serviceType })}
        />
      );
      break;
    case 'basics':
      body = (
        <BasicsStep
          draft={draft}
          problems={problems}
          showProblems={showProblems}
          onChange={update}
        />
      );
      break;
    case 'options':
      body = (
        <OptionsStep
          facts={facts?.contextId === contextId ? facts.facts : null}
          value={draft.optionsForm}
          onChange={(optionsForm) => update({ optionsForm })}
          ownerEmail={draft.owners[0]}
          showAllErrors={showOptionErrors}
        />
      );
      break;
    case 'plan':
      body = (
        <>
          {submission.busy && <LinearProgress aria-label={t('instances.wizard.planning')} />}
          {plan && <PlanSummary plan={plan} />}
        </>
      );
      break;
    case 'apply':
      body = (
        <Stack spacing={2}>
          {password && <OneTimePassword owner={draft.owners[0] ?? ''} password={password} />}
          {job && <JobProgress job={job} />}
          {job?.state === 'completed' && plan && (
            <Button
              variant="contained"
              sx={{ alignSelf: 'flex-start' }}
              href={instanceHref({ view: 'detail', key: plan.key })}
            >
              {t('instances.wizard.openInstance')}
            </Button>
          )}
        </Stack>
      );
      break;
  }

  return (
    <>
      <Button startIcon={<ArrowBackIcon />} href={instanceHref({ view: 'list' })} sx={{ mb: 1 }}>
        {t('instances.title')}
      </Button>
      <PageHeading>{t('instances.wizard.title')}</PageHeading>
      <Stepper activeStep={index} sx={{ mb: 3 }}>
        {steps.map((id) => (
          <Step key={id}>
            <StepLabel>{t(`instances.wizard.steps.${id}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Paper variant="outlined" sx={{ p: 3 }}>
        {body}
        {submission.error && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="wizard-error">
            {formatError(submission.error)}
          </Alert>
        )}
        {step !== 'apply' && (
          <Box sx={{ display: 'flex', gap: 1, mt: 3 }}>
            <Button
              disabled={index === 0 || submission.busy}
              onClick={() => setStep(steps[index - 1] ?? 'cluster')}
            >
              {t('instances.wizard.back')}
            </Button>
            <Box sx={{ flexGrow: 1 }} />
            {step === 'plan' ? (
              <>
                <Button onClick={() => void makePlan()} disabled={submission.busy}>
                  {t('instances.wizard.replan')}
                </Button>
                <Button
                  variant="contained"
                  onClick={() => void apply()}
                  disabled={submission.busy || !plan?.planId}
                  data-testid="apply-plan"
                >
                  {t('instances.wizard.apply', { count: plan?.total ?? 0 })}
                </Button>
              </>
            ) : (
              <Button
                variant="contained"
                onClick={next}
                disabled={contextId === ''}
                data-testid="wizard-next"
              >
                {t('instances.wizard.next')}
              </Button>
            )}
          </Box>
        )}
      </Paper>
    </>
  );
}
