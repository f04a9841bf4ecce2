import type { PullRecord } from '../data/model';
import { reviewDecision } from '../data/reviews';
import type { Store } from '../data/store';

/*
 * GitHub's issue search syntax, for the qualifiers the portal uses. Like
 * GitHub: repeated `repo:`/`org:`/`user:` are OR-ed, repeated `label:` are
 * AND-ed (a comma inside one is OR), `-qualifier` negates, bare words match
 * title or body, and naming a repository or user that does not exist fails
 * the whole query with 422.
 */

export class SearchValidationError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid' | 'missing' = 'invalid',
  ) {
    super(message);
  }
}

interface Qualifier {
  key: string;
  value: string;
  negated: boolean;
}

export interface ParsedQuery {
  qualifiers: Qualifier[];
  terms: string[];
}

export function tokenize(q: string): string[] {
  const tokens: string[] = [];
  const re = /(-?[\w-]+:)?("([^"]*)"|[^\s"]+)|"([^"]*)"/g;
  for (const m of q.matchAll(re)) {
    if (m[1]) tokens.push(m[1] + (m[3] ?? m[2]));
    else tokens.push(m[4] ?? m[3] ?? m[2]);
  }
  return tokens;
}

const KNOWN = new Set([
  'is',
  'type',
  'state',
  'repo',
  'org',
  'user',
  'author',
  'label',
  'draft',
  'review',
  'review-requested',
  'team-review-requested',
  'reviewed-by',
  'archived',
  'created',
  'updated',
  'in',
  'sort',
  'base',
  'head',
  'no',
  // Repository search qualifiers (search/repos.ts); issue search ignores them.
  'topic',
  'language',
  'fork',
]);

export function parseQuery(q: string): ParsedQuery {
  const qualifiers: Qualifier[] = [];
  const terms: string[] = [];
  for (const token of tokenize(q)) {
    const m = /^(-?)([\w-]+):(.*)$/.exec(token);
    if (m && KNOWN.has(m[2].toLowerCase())) {
      qualifiers.push({
        key: m[2].toLowerCase(),
        value: m[3],
        negated: m[1] === '-',
      });
    } else if (!['AND', 'OR', 'NOT'].includes(token)) {
      terms.push(token.toLowerCase());
    }
  }
  return { qualifiers, terms };
}

/** `>=2024-01-01`, `<2024-01-01`, `2024-01-01..2024-02-01`, `2024-01-01` (that day). */
function dateMatcher(expr: string): (ms: number) => boolean {
  const parse = (s: string) => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) throw new SearchValidationError(`Invalid date ${s}`);
    return t;
  };
  const range = /^(.+)\.\.(.+)$/.exec(expr);
  if (range) {
    const lo = range[1] === '*' ? -Infinity : parse(range[1]);
    const hi =
      range[2] === '*'
        ? Infinity
        : parse(range[2]) + (range[2].length <= 10 ? 86_400_000 - 1 : 0);
    return ms => ms >= lo && ms <= hi;
  }
  const cmp = /^(>=|<=|>|<)(.+)$/.exec(expr);
  if (cmp) {
    const t = parse(cmp[2]);
    switch (cmp[1]) {
      case '>=':
        return ms => ms >= t;
      case '<=':
        return ms => ms <= t + (cmp[2].length <= 10 ? 86_400_000 - 1 : 0);
      case '>':
        return ms => ms > t + (cmp[2].length <= 10 ? 86_400_000 - 1 : 0);
      default:
        return ms => ms < t;
    }
  }
  const day = parse(expr);
  return ms => ms >= day && ms < day + 86_400_000;
}

export interface PullHit {
  index: number;
  pull: PullRecord;
}

export interface IssueSearchResult {
  total: number;
  hits: PullHit[];
}

type PullTest = (index: number, p: PullRecord) => boolean;

/** Qualifiers are looked up by key; `by('repo')` is every `repo:` and `-repo:`. */
type QualifiersBy = (key: string) => Qualifier[];

/**
 * Where to look: the repositories `repo:` names (OR-ed; none means the whole
 * organisation), whether `org:`/`user:` let the organisation in, and the
 * `-repo:` exclusions. Naming a repository or user that does not exist fails
 * the whole query.
 */
function searchScope(store: Store, by: QualifiersBy) {
  const org = store.org.toLowerCase();
  const repoIndices: number[] = [];
  const missing: string[] = [];
  for (const r of by('repo')) {
    if (r.negated) continue;
    const [owner, name] = r.value.split('/');
    const index = name ? store.findIndex(owner, name) : undefined;
    if (index === undefined) missing.push(r.value);
    else repoIndices.push(index);
  }
  for (const o of [...by('org'), ...by('user')]) {
    if (!o.negated && o.value.toLowerCase() !== org && !store.user(o.value)) {
      missing.push(o.value);
    }
  }
  for (const a of by('author')) {
    const login = a.value.replace(/^app\//, '');
    if (!store.user(login) && !store.user(`${login}[bot]`))
      missing.push(a.value);
  }
  if (missing.length > 0) {
    throw new SearchValidationError(
      'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
    );
  }
  const orgScopes = [...by('org'), ...by('user')].filter(x => !x.negated);
  return {
    repoIndices,
    inOrg:
      orgScopes.length === 0 ||
      orgScopes.some(x => x.value.toLowerCase() === org),
    excludedRepos: new Set(
      by('repo')
        .filter(r => r.negated)
        .map(r => r.value.toLowerCase()),
    ),
  };
}

/** `is:`, `type:` and `state:` values other than issue and pr. */
function stateTest(store: Store, v: string): PullTest | undefined {
  if (v === 'open') return (_, p) => p.state === 'open';
  if (v === 'closed') return (_, p) => p.state === 'closed';
  if (v === 'merged') return (_, p) => p.mergedAt !== null;
  if (v === 'unmerged')
    return (_, p) => p.state === 'closed' && p.mergedAt === null;
  if (v === 'draft') return (_, p) => p.draft;
  if (v === 'public' || v === 'private' || v === 'internal')
    return i =>
      v === 'private'
        ? store.core(i).visibility !== 'public'
        : store.core(i).visibility === v;
  if (v === 'archived') return i => store.core(i).archived;
  return undefined;
}

function reviewTest(store: Store, v: string): PullTest {
  return (i, p) => {
    const decision = reviewDecision(p, store.protection(i));
    if (v === 'none') return p.reviews.length === 0;
    if (v === 'required') return decision === 'REVIEW_REQUIRED';
    if (v === 'approved') return decision === 'APPROVED';
    if (v === 'changes_requested') return decision === 'CHANGES_REQUESTED';
    return false;
  };
}

function dateTest(v: string, at: (p: PullRecord) => number): PullTest {
  const matches = dateMatcher(v);
  return (_, p) => matches(at(p));
}

/**
 * What one qualifier asks of a pull request (`v` is its lower-cased value),
 * or undefined for qualifiers that do not filter pull requests.
 */
function qualifierTest(
  store: Store,
  key: string,
  v: string,
): PullTest | undefined {
  switch (key) {
    case 'is':
    case 'type':
    case 'state':
      return stateTest(store, v);
    case 'author': {
      const login = v.replace(/^app\//, '');
      return (_, p) => {
        const a = p.author.toLowerCase();
        return a === login || a === `${login}[bot]`;
      };
    }
    case 'label': {
      const any = v.split(',');
      return (_, p) => p.labels.some(l => any.includes(l.toLowerCase()));
    }
    case 'no':
      return v === 'label' ? (_, p) => p.labels.length === 0 : undefined;
    case 'draft':
      return (_, p) => p.draft === (v === 'true');
    case 'archived':
      return i => store.core(i).archived === (v === 'true');
    case 'review':
      return reviewTest(store, v);
    case 'review-requested':
      return (_, p) => p.requestedReviewers.some(r => r.toLowerCase() === v);
    case 'team-review-requested': {
      const slug = v.includes('/') ? v.split('/')[1] : v;
      return (_, p) => p.requestedTeams.includes(slug);
    }
    case 'reviewed-by':
      return (_, p) => p.reviews.some(r => r.author.toLowerCase() === v);
    case 'created':
      return dateTest(v, p => p.createdAt);
    case 'updated':
      return dateTest(v, p => p.updatedAt);
    case 'base':
      return i => store.repo(i).record.defaultBranch.toLowerCase() === v;
    case 'head':
      return (_, p) => p.headRef.toLowerCase() === v;
    default:
      return undefined;
  }
}

/**
 * The tests every hit must pass, and whether the query asks for issues
 * (`is:issue`, `-is:pr`: then it finds nothing, there being none).
 */
function pullTests(store: Store, { qualifiers, terms }: ParsedQuery) {
  const tests: PullTest[] = [];
  let wantsIssues = false;
  for (const x of qualifiers) {
    const v = x.value.toLowerCase();
    const kind = ['is', 'type', 'state'].includes(x.key);
    if (kind && v === 'issue') wantsIssues = !x.negated;
    else if (kind && (v === 'pr' || v === 'pull-request'))
      wantsIssues = x.negated;
    else {
      const t = qualifierTest(store, x.key, v);
      if (t) tests.push(x.negated ? (i, p) => !t(i, p) : t);
    }
  }
  const inTitleOnly = qualifiers.some(
    x => x.key === 'in' && x.value.toLowerCase() === 'title',
  );
  if (terms.length > 0) {
    tests.push((_, p) => {
      const hay = (
        inTitleOnly ? p.title : `${p.title}\n${p.body}`
      ).toLowerCase();
      return terms.every(t => hay.includes(t));
    });
  }
  return { tests, wantsIssues };
}

/** By `sort:` when given, else as the caller asked; newest first by default. */
function sortHits(
  hits: PullHit[],
  sort: { field?: string | null; order?: string | null },
  sortQualifier: Qualifier | undefined,
) {
  let field = sort.field ?? null;
  let order = sort.order ?? 'desc';
  if (sortQualifier) {
    const m = /^(created|updated|comments)(?:-(asc|desc))?$/.exec(
      sortQualifier.value.toLowerCase(),
    );
    if (m) {
      field = m[1];
      order = m[2] ?? 'desc';
    }
  }
  const key = (h: PullHit) =>
    field === 'updated' ? h.pull.updatedAt : h.pull.createdAt;
  hits.sort((a, b) => {
    const d =
      key(a) - key(b) || a.index - b.index || a.pull.number - b.pull.number;
    return order === 'asc' ? d : -d;
  });
}

/** Runs an issue search; hits are sorted as requested (default newest first). */
export function searchPulls(
  store: Store,
  q: string,
  sort: { field?: string | null; order?: string | null } = {},
): IssueSearchResult {
  if (!q.trim()) throw new SearchValidationError('q', 'missing');
  const parsed = parseQuery(q);
  const textLength = parsed.terms.join(' ').length;
  if (textLength > 256) {
    throw new SearchValidationError(
      'The search is longer than 256 characters.',
    );
  }
  const by: QualifiersBy = key => parsed.qualifiers.filter(x => x.key === key);
  const { repoIndices, inOrg, excludedRepos } = searchScope(store, by);
  const { tests, wantsIssues } = pullTests(store, parsed);
  const org = store.org.toLowerCase();
  const hits: PullHit[] = [];
  if (!wantsIssues && inOrg) {
    const scope: Iterable<number> =
      repoIndices.length > 0
        ? [...new Set(repoIndices)]
        : store.reposWithPulls();
    for (const index of scope) {
      if (
        excludedRepos.size &&
        excludedRepos.has(`${org}/${store.core(index).name}`)
      ) {
        continue;
      }
      for (const pull of store.pulls(index)) {
        if (tests.every(t => t(index, pull))) hits.push({ index, pull });
      }
    }
  }
  sortHits(hits, sort, by('sort')[0]);
  return { total: hits.length, hits };
}
