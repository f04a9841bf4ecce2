import { ExemptionService } from '../service/ExemptionService';
import { ScorecardAccess } from '../service/ScorecardAccess';
import { ScorecardService } from '../service/ScorecardService';

/** What every route group maps requests to. */
export type RouteContext = {
  access: ScorecardAccess;
  scorecards: ScorecardService;
  exemptions: ExemptionService;
};
