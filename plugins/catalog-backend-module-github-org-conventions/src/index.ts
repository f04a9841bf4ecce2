/**
 * The organisation's GitHub team naming convention (organisation, colony-*,
 * squad-*) applied to the github-org entity provider.
 *
 * @packageDocumentation
 */
export { catalogModuleGithubOrgConventions as default } from './module';
export {
  conventionTeamTransformer,
  conventionUserTransformer,
  groupTypeOf,
} from './conventions';
export type { OrgGroupType } from './conventions';
