import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import { useDryRunAndStart } from '../../hooks/useDryRunAndStart';
import { useNewJobForm } from '../../hooks/useNewJobForm';
import { useNewJobStyles } from './newJobStyles';
import { DryRunSection, HowFastSection, StartSection } from './RunSections';
import { WhereToSection } from './WhereToSection';
import { WhichEventsSection } from './WhichEventsSection';

export { DRY_RUN_SAMPLE_SIZE } from '../../hooks/useDryRunAndStart';

/**
 * The "Add job" form. A dry run counts what the job would deliver (and is
 * required, again after any change) before the job can start; the backend's
 * refusals show inline and nothing typed is lost. `receiver` and
 * `environment` preselect (e.g. from `?receiver=` in the URL).
 */
export function NewJobForm(props: {
  receiver?: string;
  environment?: string;
  /** Where to go once the job is created (its page). */
  jobHref?: (id: string) => string;
  /** Extra buttons next to the actions, e.g. "Back to jobs". */
  secondaryAction?: ReactNode;
}) {
  const classes = useNewJobStyles();
  const form = useNewJobForm(props);
  const run = useDryRunAndStart(form, props.jobHref);
  const { archive, receivers } = form;

  return (
    <form
      className={classes.root}
      noValidate
      onSubmit={event => event.preventDefault()}
      aria-label="New reconstitution job"
    >
      {(archive.error || receivers.error) && (
        <Box display="flex" flexDirection="column" gridGap={8}>
          {archive.error && (
            <ErrorNotice
              title="Could not load the environments"
              error={archive.error}
              onRetry={archive.retry}
            />
          )}
          {receivers.error && (
            <ErrorNotice
              title="Could not load the receivers"
              error={receivers.error}
              onRetry={receivers.retry}
            />
          )}
        </Box>
      )}
      <WhereToSection form={form} busy={run.busy} />
      <WhichEventsSection form={form} busy={run.busy} />
      <HowFastSection form={form} busy={run.busy} />
      <DryRunSection form={form} run={run} />
      <StartSection
        form={form}
        run={run}
        secondaryAction={props.secondaryAction}
      />
    </form>
  );
}
