import { generateTraits } from '../data/generator/traits';
import type { Store } from '../data/store';
import { parseQuery, SearchValidationError } from './issues';

/**
 * Repository search for the qualifiers a portal uses to find repositories:
 * org:/user:, topic:, language:, archived:, is:public|private|internal,
 * fork:, and bare words in the name (or description with in:description).
 * Results are newest first, GitHub's order for a qualifier-only query
 * being "best match", which has no equivalent here.
 */
export function searchRepos(store: Store, q: string): number[] {
  if (!q.trim()) throw new SearchValidationError('q', 'missing');
  const { qualifiers, terms } = parseQuery(q);
  const org = store.org.toLowerCase();
  for (const x of qualifiers) {
    if ((x.key === 'org' || x.key === 'user') && !x.negated) {
      if (x.value.toLowerCase() !== org && !store.user(x.value)) {
        throw new SearchValidationError(
          'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
        );
      }
    }
  }
  const scopes = qualifiers.filter(
    x => (x.key === 'org' || x.key === 'user') && !x.negated,
  );
  if (scopes.length > 0 && !scopes.some(x => x.value.toLowerCase() === org))
    return [];
  const inDescription = qualifiers.some(
    x => x.key === 'in' && x.value.toLowerCase().includes('description'),
  );
  const needsTraits = inDescription || qualifiers.some(x => x.key === 'topic');
  const out: number[] = [];
  const order = store.list({ sort: 'created', direction: 'desc' });
  for (const index of order) {
    const core = store.core(index);
    // Created repositories have no generated traits: their own topics and description count.
    const created = store.created.get(index)?.record;
    const traits =
      created ?? (needsTraits ? generateTraits(store.seed, core) : undefined);
    const ok = qualifiers.every(x => {
      const v = x.value.toLowerCase();
      let hit = true;
      switch (x.key) {
        case 'topic':
          hit = traits!.topics.includes(v);
          break;
        case 'language':
          hit = core.language.toLowerCase() === v;
          break;
        case 'archived':
          hit = core.archived === (v === 'true');
          break;
        case 'fork':
          hit = v !== 'only';
          break;
        case 'is':
          if (v === 'public' || v === 'internal') hit = core.visibility === v;
          else if (v === 'private') hit = core.visibility !== 'public';
          else if (v === 'archived') hit = core.archived;
          break;
        default:
          return true;
      }
      return x.negated ? !hit : hit;
    });
    if (!ok) continue;
    if (terms.length > 0) {
      const hay = inDescription
        ? `${core.name} ${traits?.description ?? ''}`.toLowerCase()
        : core.name.toLowerCase();
      if (!terms.every(t => hay.includes(t))) continue;
    }
    out.push(index);
  }
  return out;
}
