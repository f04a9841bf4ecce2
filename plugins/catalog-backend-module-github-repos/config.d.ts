import { HumanDuration } from '@backstage/types';

export interface Config {
  catalog?: {
    providers?: {
      /** Incremental ingestion of GitHub organisations' repositories, per id. */
      githubRepos?: {
        [id: string]: {
          /** Host of an `integrations.github` entry (default github.com). */
          host?: string;
          organization: string;
          owner?: {
            /**
             * Where the owning squad is read from, in order (default: custom
             * property `squad`, a `squad-` topic, the CODEOWNERS catch-all team).
             */
            sources?: Array<
              | { topicPrefix: string }
              | { customProperty: string }
              | { codeowners: boolean }
            >;
            /** GitHub team slug → catalog group name, where they differ. */
            teams?: { [slug: string]: string };
            /** Owner when no source names one (default group:default/unowned). */
            fallback?: string;
          };
          /** `spec.type` without a `type-<x>` topic (default service). */
          defaultType?: string;
          typeTopicPrefix?: string;
          /** Lifecycle of repositories that are not archived (default production). */
          lifecycle?: string;
          /** Repositories per GitHub request, 1..100 (default 100). */
          pageSize?: number;
          schedule?: {
            burstInterval?: HumanDuration;
            burstLength?: HumanDuration;
            restLength?: HumanDuration;
            backoff?: HumanDuration[];
          };
          rejectRemovalsAbovePercentage?: number;
          /** Default true: a source that suddenly lists nothing removes nothing. */
          rejectEmptySourceCollections?: boolean;
        };
      };
    };
  };
}
