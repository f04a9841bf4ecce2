import type { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** Scorecards apply to components (the tracks decide which types). */
export function isScorecardEntity(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}

/**
 * `entity-content:tech-insights/scorecards`: the "Scorecards" tab of
 * components, at `scorecards`.
 */
export const entityScorecardsContent = EntityContentBlueprint.make({
  name: 'scorecards',
  params: {
    path: 'scorecards',
    title: 'Scorecards',
    filter: isScorecardEntity,
    loader: () =>
      import('../components/EntityScorecardsContent').then(m => (
        <m.EntityScorecardsContent />
      )),
  },
});
