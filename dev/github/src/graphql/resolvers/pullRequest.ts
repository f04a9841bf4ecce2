import type { PullRecord, ReviewRecord } from '../../data/model';
import { reviewDecision } from '../../data/reviews';
import { LABELS } from '../../data/vocabulary';
import { nodeId } from '../../rest/ids';
import { Connection, ConnectionArgs, listConnection } from '../connection';
import { actor } from './actors';
import { base, GqlContext, iso } from './context';
import { TeamNode } from './team';

export function pullState(p: PullRecord): 'OPEN' | 'CLOSED' | 'MERGED' {
  if (p.state === 'open') return 'OPEN';
  return p.mergedAt !== null ? 'MERGED' : 'CLOSED';
}

export class ReviewNode {
  readonly __typename = 'PullRequestReview';

  constructor(
    private readonly c: GqlContext,
    private readonly pr: PullNode,
    private readonly r: ReviewRecord,
  ) {}

  get id() {
    return nodeId(
      'PullRequestReview',
      this.pr.repoIndex,
      this.pr.number,
      this.r.id,
    );
  }
  get author() {
    return actor(this.c, this.r.author);
  }
  get body() {
    return this.r.body;
  }
  get state() {
    return this.r.state;
  }
  get submittedAt() {
    return iso(this.r.submittedAt);
  }
  get createdAt() {
    return iso(this.r.submittedAt);
  }
  get updatedAt() {
    return iso(this.r.submittedAt);
  }
  get url() {
    return `${this.pr.url}#pullrequestreview-${this.r.id}`;
  }
  get resourcePath() {
    return `${this.pr.resourcePath}#pullrequestreview-${this.r.id}`;
  }
  get pullRequest() {
    return this.pr;
  }
  get repository() {
    return this.pr.repository;
  }
}

export class PullNode {
  readonly __typename = 'PullRequest';

  constructor(
    private readonly c: GqlContext,
    readonly repoIndex: number,
    private readonly p: PullRecord,
  ) {}

  private get r() {
    return this.c.app.store.repo(this.repoIndex).record;
  }
  get id() {
    return nodeId('PullRequest', this.repoIndex, this.p.number);
  }
  get number() {
    return this.p.number;
  }
  get title() {
    return this.p.title;
  }
  get body() {
    return this.p.body;
  }
  get resourcePath() {
    return `/${this.c.app.store.org}/${this.r.name}/pull/${this.p.number}`;
  }
  get url() {
    return `${base(this.c)}${this.resourcePath}`;
  }
  get state() {
    return pullState(this.p);
  }
  get isDraft() {
    return this.p.draft;
  }
  get closed() {
    return this.p.state === 'closed';
  }
  get merged() {
    return this.p.mergedAt !== null;
  }
  get locked() {
    return false;
  }
  get mergeable() {
    return this.p.state === 'open' ? 'MERGEABLE' : 'UNKNOWN';
  }
  get createdAt() {
    return iso(this.p.createdAt);
  }
  get updatedAt() {
    return iso(this.p.updatedAt);
  }
  get closedAt() {
    return iso(this.p.closedAt);
  }
  get mergedAt() {
    return iso(this.p.mergedAt);
  }
  get author() {
    return actor(this.c, this.p.author);
  }
  get headRefName() {
    return this.p.headRef;
  }
  get headRefOid() {
    return this.p.headSha;
  }
  get baseRefName() {
    return this.r.defaultBranch;
  }
  get baseRefOid() {
    return this.c.app.store.repo(this.repoIndex).snapshot().commitSha;
  }
  get additions() {
    return this.p.additions;
  }
  get deletions() {
    return this.p.deletions;
  }
  get changedFiles() {
    return this.p.changedFiles;
  }
  get reviewDecision() {
    return reviewDecision(this.p, this.r.protection);
  }
  get repository() {
    return this.c.nodes.repository(this.repoIndex);
  }
  labels(
    args: ConnectionArgs & {
      orderBy?: { field: string; direction: string } | null;
    },
  ) {
    let names = this.p.labels.slice();
    if (args.orderBy?.field === 'NAME') names.sort();
    if (args.orderBy?.direction === 'DESC') names = names.reverse();
    const repoId = this.r.id;
    return listConnection(
      names.map(name => {
        const known = LABELS.find(l => l.name === name);
        return {
          __typename: 'Label',
          id: nodeId('Label', repoId, name),
          name,
          color: known?.color ?? 'ededed',
          description: known?.description ?? null,
          isDefault: ['bug', 'enhancement', 'documentation'].includes(name),
          createdAt: iso(this.r.createdAt),
          updatedAt: iso(this.r.createdAt),
          url: `${base(this.c)}/${this.c.app.store.org}/${
            this.r.name
          }/labels/${encodeURIComponent(name)}`,
          resourcePath: `/${this.c.app.store.org}/${
            this.r.name
          }/labels/${encodeURIComponent(name)}`,
        };
      }),
      args,
    );
  }
  reviewRequests(args: ConnectionArgs): Connection<Record<string, unknown>> {
    const store = this.c.app.store;
    const requests = [
      ...this.p.requestedReviewers.map(login => ({ login, team: undefined })),
      ...this.p.requestedTeams.map(slug => ({ login: undefined, team: slug })),
    ].map((x, i) => {
      const team = x.team === undefined ? undefined : store.team(x.team);
      return {
        __typename: 'ReviewRequest',
        id: nodeId('ReviewRequest', this.repoIndex, this.p.number, i),
        databaseId: 60_000_000 + i,
        // Team requests come from CODEOWNERS here.
        asCodeOwner: x.team !== undefined,
        pullRequest: this,
        requestedReviewer:
          x.login !== undefined
            ? actor(this.c, x.login)
            : team && new TeamNode(this.c, team),
      };
    });
    return listConnection(requests, args);
  }
  reviews(
    args: ConnectionArgs & { states?: string[] | null; author?: string | null },
  ) {
    const reviews = [...this.p.reviews]
      .sort((a, b) => a.submittedAt - b.submittedAt)
      .filter(r => !args.states?.length || args.states.includes(r.state))
      .filter(
        r =>
          !args.author || r.author.toLowerCase() === args.author.toLowerCase(),
      );
    return listConnection(
      reviews.map(r => new ReviewNode(this.c, this, r)),
      args,
    );
  }
}
