import { useState } from 'react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  scorecardExemptionCreatePermission,
  scorecardExemptionRevokePermission,
} from '@internal/backstage-plugin-tech-insights-common';
import type { EntityScorecard, Exemption, ScorecardCheck } from '../../api';
import { activeExemptionOf } from '../../lib/exemptions';
import type { ExemptionTarget } from './ExemptionDialog';
import type { CheckActions } from './TrackCard';

/**
 * What a check offers: its exemption, and "Exempt" and "Revoke" for those
 * allowed, which open their dialog (`exempting`, `revoking`).
 */
export function useCheckActions(
  entityRef: string,
  current: EntityScorecard | undefined,
  exemptions: Exemption[] | undefined,
) {
  const [exempting, setExempting] = useState<ExemptionTarget>();
  const [revoking, setRevoking] = useState<{
    exemption: Exemption;
    checkName: string;
  }>();

  const canExempt = usePermission({
    permission: scorecardExemptionCreatePermission,
    resourceRef: entityRef,
  });
  const canRevoke = usePermission({
    permission: scorecardExemptionRevokePermission,
  });

  const actions: CheckActions = {
    exemptionOf: checkId =>
      activeExemptionOf(checkId, current, exemptions ?? []),
    onExempt: canExempt.allowed
      ? (check: ScorecardCheck) =>
          setExempting({ checkId: check.id, checkName: check.name })
      : undefined,
    onRevoke: canRevoke.allowed
      ? (check: ScorecardCheck, exemption: Exemption) =>
          setRevoking({ exemption, checkName: check.name })
      : undefined,
  };

  return {
    actions,
    exempting,
    closeExempting: () => setExempting(undefined),
    revoking,
    closeRevoking: () => setRevoking(undefined),
  };
}
