import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { DeadLetterQueueConflict } from '../../api';
import { useGroupTitle } from '../../hooks/useGroupTitle';
import { useQueueConflicts } from '../../hooks/useQueueConflicts';

function ConflictWarning(props: { conflict: DeadLetterQueueConflict }) {
  const { conflict } = props;
  const squad = useGroupTitle(conflict.ownerGroupRef);
  // Text only: queue names and refs come from catalog files anyone may write.
  return (
    <Alert severity="warning" role="alert" aria-label="Queue conflict">
      {`Queue ${conflict.queue} is claimed by ${
        conflict.claimantRef
      }, but it is registered to ${conflict.ownerRef}${
        squad ? ` (${squad})` : ''
      }; the claim was rejected`}
    </Alert>
  );
}

/**
 * A warning for each component declaring a queue that the catalog's queue
 * registry gives to another component: the claim grants nothing, and the
 * claimant's squad should remove it (or ask the platform team to reassign).
 */
export function QueueConflicts() {
  const { conflicts } = useQueueConflicts();
  if (conflicts.length === 0) return null;
  return (
    <Box mb={2} display="grid" style={{ gap: 8 }}>
      {conflicts.map(conflict => (
        <ConflictWarning
          key={`${conflict.queue} ${conflict.claimantRef}`}
          conflict={conflict}
        />
      ))}
    </Box>
  );
}
