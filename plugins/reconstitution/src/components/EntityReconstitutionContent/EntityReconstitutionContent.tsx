import { stringifyEntityRef } from '@backstage/catalog-model';
import { LinkButton } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import AddIcon from '@material-ui/icons/Add';
import { useReconstitutionLinks } from '../../hooks/useLinks';
import { Jobs } from '../Jobs';

/**
 * The "Reconstitution" tab of a component that declares queues: its jobs,
 * and a button to start one for it.
 */
export function EntityReconstitutionContent() {
  const { entity } = useEntity();
  const receiver = stringifyEntityRef(entity);
  const { newJobHref, jobHref } = useReconstitutionLinks();
  const newJob = newJobHref && (
    <LinkButton
      to={newJobHref({ receiver })}
      variant="contained"
      color="primary"
      startIcon={<AddIcon />}
      // It navigates: a link, not the button MUI makes of it.
      role="link"
    >
      New job for this component
    </LinkButton>
  );
  return (
    <Jobs
      receiver={receiver}
      jobHref={jobHref}
      actions={newJob}
      emptyAction={newJob}
    />
  );
}
