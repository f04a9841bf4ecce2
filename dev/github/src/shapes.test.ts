import type { RestEndpointMethodTypes } from '@octokit/rest';
import { Store } from './data/store';
import {
  issueSearchItem,
  pullFull,
  pullSimple,
  review,
} from './rest/pullShapes';
import { combinedStatus, fullRepository, repository } from './rest/repoShapes';
import { orgFull, simpleUser, teamFull, teamSimple } from './rest/shapes';

type Data<
  S extends keyof RestEndpointMethodTypes,
  M extends keyof RestEndpointMethodTypes[S],
> = RestEndpointMethodTypes[S][M] extends { response: { data: infer D } }
  ? D
  : never;
type Item<T> = T extends Array<infer I> ? I : never;

/*
 * The REST shapes are assigned to the response types @octokit/rest derives
 * from GitHub's OpenAPI description: a missing or mistyped field is a type
 * error here, which is the point of this file; the runtime checks are light.
 */
describe('REST shapes match GitHub OpenAPI types', () => {
  const store = new Store({ seed: 5, org: 'meridian', repoCount: 400 });
  const urls = { api: 'http://127.0.0.1:1', html: 'http://127.0.0.1:1' };
  const index = [...store.reposWithPulls()].find(i =>
    store.repo(i).record.pulls.some(p => p.reviews.length > 0),
  )!;
  const view = store.repo(index);
  const r = view.record;
  const pull = r.pulls.find(p => p.reviews.length > 0)!;
  const team = store.teams[0];

  it('assigns to the octokit response types', () => {
    const repoGet: Data<'repos', 'get'> = fullRepository(urls, store, r);
    const repoList: Item<Data<'repos', 'listForOrg'>> = repository(
      urls,
      store,
      r,
    );
    const org: Data<'orgs', 'get'> = orgFull(urls, store);
    const user: Item<Data<'teams', 'listMembersInOrg'>> = simpleUser(
      urls,
      store.users[0],
    );
    const teamList: Item<Data<'teams', 'list'>> = teamSimple(urls, store, team);
    const teamGet: Data<'teams', 'getByName'> = teamFull(urls, store, team);
    const sha = view.snapshot().commitSha;
    const pullList: Item<Data<'pulls', 'list'>> = pullSimple(
      urls,
      store,
      r,
      sha,
      pull,
    );
    const pullGet: Data<'pulls', 'get'> = pullFull(urls, store, r, sha, pull);
    const reviewItem: Item<Data<'pulls', 'listReviews'>> = review(
      urls,
      store,
      r,
      pull,
      pull.reviews[0],
    );
    const searchItem: Item<Data<'search', 'issuesAndPullRequests'>['items']> =
      issueSearchItem(urls, store, r, pull);
    const status: Data<'repos', 'getCombinedStatusForRef'> = combinedStatus(
      urls,
      store,
      r,
      sha,
      'FAILURE',
    );
    for (const shape of [
      repoGet,
      repoList,
      org,
      user,
      teamList,
      teamGet,
      pullList,
      pullGet,
      reviewItem,
      searchItem,
      status,
    ]) {
      expect(JSON.parse(JSON.stringify(shape))).toEqual(shape);
    }
    expect(pullGet.requested_reviewers).toEqual(expect.any(Array));
    expect(status).toMatchObject({ state: 'failure', total_count: 1 });
  });
});
