import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useApi } from '@backstage/frontend-plugin-api';
import { DryRunResult, reconstitutionApiRef, ReconstitutionJob } from '../api';
import { JobCreatedState } from '../lib/approvals';
import type { NewJobFormState } from './useNewJobForm';

/** Events shown in a dry run's sample. */
export const DRY_RUN_SAMPLE_SIZE = 10;

/**
 * The "Add job" form's two steps: a dry run counts what the job would
 * deliver (and is required, again after any change to the form), then the
 * job starts. Without `jobHref` the created job is returned in `created`,
 * else the page goes to the job.
 */
export function useDryRunAndStart(
  form: NewJobFormState,
  jobHref?: (id: string) => string,
) {
  const api = useApi(reconstitutionApiRef);
  const navigate = useNavigate();
  const [dryRun, setDryRun] = useState<{ key: string; result: DryRunResult }>();
  const [dryRunBusy, setDryRunBusy] = useState(false);
  const [dryRunError, setDryRunError] = useState<Error>();
  const [startBusy, setStartBusy] = useState(false);
  const [startError, setStartError] = useState<Error>();
  const [created, setCreated] = useState<ReconstitutionJob>();

  const { formKey, selection, jobRequest } = form;
  const currentDryRun = dryRun?.key === formKey ? dryRun.result : undefined;
  const canStart =
    form.valid &&
    !form.denied &&
    currentDryRun !== undefined &&
    currentDryRun.total > 0 &&
    !startBusy &&
    !dryRunBusy;

  const runDryRun = async () => {
    form.markAttempted();
    if (!form.valid || !selection || dryRunBusy) return;
    setDryRunBusy(true);
    setDryRunError(undefined);
    setStartError(undefined);
    const key = formKey;
    try {
      const result = await api.dryRun({
        ...selection,
        sampleSize: DRY_RUN_SAMPLE_SIZE,
      });
      setDryRun({ key, result });
    } catch (e) {
      setDryRunError(e as Error);
    } finally {
      setDryRunBusy(false);
    }
  };

  const start = async () => {
    if (!canStart || !jobRequest) return;
    setStartBusy(true);
    setStartError(undefined);
    try {
      const job = await api.createJob(jobRequest);
      if (jobHref) {
        const state: JobCreatedState = {
          sentForApproval: job.state === 'awaiting-approval',
        };
        navigate(jobHref(job.id), { state });
      } else {
        setCreated(job);
        setStartBusy(false);
      }
    } catch (e) {
      setStartError(e as Error);
      setStartBusy(false);
    }
  };

  return {
    /** The latest dry run's result, current or not. */
    dryRun: dryRun?.result,
    currentDryRun,
    staleDryRun: dryRun !== undefined && !currentDryRun,
    dryRunBusy,
    dryRunError,
    dismissDryRunError: () => setDryRunError(undefined),
    runDryRun,
    canStart,
    startBusy,
    startError,
    dismissStartError: () => setStartError(undefined),
    start,
    created,
    busy: dryRunBusy || startBusy,
  };
}

/** The dry run and start of the "Add job" form. */
export type DryRunAndStart = ReturnType<typeof useDryRunAndStart>;
