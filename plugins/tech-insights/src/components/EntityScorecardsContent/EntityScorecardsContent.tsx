import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import { useEntityScorecard } from '../../hooks/useEntityScorecard';
import { ExemptionDialog } from './ExemptionDialog';
import { LastEvaluatedBar, RerunStatus } from './RerunControls';
import { RevokeDialog } from './RevokeDialog';
import { ScorecardsBody } from './ScorecardsBody';
import { useCheckActions } from './useCheckActions';

export { isActiveExemption } from '../../lib/exemptions';

/**
 * A component's scorecards: when they were last evaluated, a re-run, one
 * card per track with its levels and checks, exemptions and the level
 * history.
 */
export function EntityScorecards(props: { entityRef: string }) {
  const { entityRef } = props;
  const state = useEntityScorecard(entityRef);
  const { exemptions, reload } = state;
  const checks = useCheckActions(entityRef, state.current, exemptions.value);

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <LastEvaluatedBar entityRef={entityRef} state={state} />
      <RerunStatus state={state} />
      {exemptions.error && (
        <ErrorNotice
          title="Could not read the exemptions"
          error={exemptions.error}
          onRetry={exemptions.retry}
        />
      )}
      <ScorecardsBody state={state} actions={checks.actions} />
      <ExemptionDialog
        entityRef={entityRef}
        target={checks.exempting}
        onClose={checks.closeExempting}
        onCreated={() => {
          checks.closeExempting();
          reload();
        }}
      />
      <RevokeDialog
        target={checks.revoking}
        onClose={checks.closeRevoking}
        onRevoked={() => {
          checks.closeRevoking();
          reload();
        }}
      />
    </Box>
  );
}

/** The "Scorecards" tab of a component. */
export function EntityScorecardsContent() {
  const { entity } = useEntity();
  // The backend keeps entity refs in lower case, as the catalog compares them.
  return (
    <EntityScorecards
      entityRef={stringifyEntityRef(entity).toLocaleLowerCase('en-US')}
    />
  );
}
