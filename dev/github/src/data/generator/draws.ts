import { salt } from '@internal/dev-kit';

/** Picks an item with probability proportional to its weight; `r` in [0, 1). */
export function weighted<T>(r: number, items: ReadonlyArray<[T, number]>): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let x = r * total;
  for (const [item, w] of items) {
    if (x < w) return item;
    x -= w;
  }
  return items[items.length - 1][0];
}

/** One salt per kind of draw, so that draws about one item are independent. */
export const S = {
  type: salt('type'),
  domain: salt('domain'),
  component: salt('component'),
  hasComponent: salt('hasComponent'),
  kind: salt('kind'),
  squad: salt('squad'),
  squadHome: salt('squadHome'),
  language: salt('language'),
  archived: salt('archived'),
  visibility: salt('visibility'),
  created: salt('created'),
  pushed: salt('pushed'),
  updated: salt('updated'),
  pulls: salt('pulls'),
  content: salt('content'),
  users: salt('users'),
  ciState: salt('ciState'),
};
