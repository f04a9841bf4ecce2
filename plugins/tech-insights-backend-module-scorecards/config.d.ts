import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/** A check's rule: json-rules-engine's condition shape. */
type Condition =
  | {
      fact: string;
      operator:
        | 'equal'
        | 'notEqual'
        | 'lessThan'
        | 'lessThanInclusive'
        | 'greaterThan'
        | 'greaterThanInclusive'
        | 'in'
        | 'notIn'
        | 'contains'
        | 'doesNotContain';
      value: any;
    }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export interface Config {
  techInsights?: {
    scorecards?: {
      /** When every component is evaluated (default every 30 minutes). */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Daily roll-ups kept for trends, in days (default 400). */
      trendDays?: number;
      /** GitHub host whose repositories components' github.com/project-slug names (default: the first integrations.github entry). */
      githubHost?: string;
      /** The dead-letter environment whose unresolved messages count (default prod). */
      deadLetterEnvironment?: string;
      /** The standards: tracks of ordered levels of checks. */
      tracks?: Array<{
        id: string;
        title: string;
        description?: string;
        /** Which entities the track applies to (default kinds [component]). */
        appliesTo?: { kinds?: string[]; types?: string[] };
        levels: Array<{
          name: string;
          checks: Array<{
            id: string;
            name: string;
            description: string;
            remediation: string;
            link?: string;
            rule: Condition;
          }>;
        }>;
      }>;
    };
  };
}
