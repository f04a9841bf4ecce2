import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DeadLetterBrowser } from '../DeadLetterBrowser';

/** The "Dead letter" tab of a component: the messages of its queues. */
export function EntityDeadLetterContent() {
  const { entity } = useEntity();
  return <DeadLetterBrowser component={stringifyEntityRef(entity)} />;
}
