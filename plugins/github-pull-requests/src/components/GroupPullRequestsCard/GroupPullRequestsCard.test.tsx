import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { githubPullRequestsApiRef } from '../../api';
import {
  backendError,
  FakeGithubPullRequestsApi,
  makePullRequest,
  okResponse,
} from '../../testing/FakeGithubPullRequestsApi';
import { GroupPullRequestsCard } from './GroupPullRequestsCard';

const squad: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'squad-aura', namespace: 'default' },
  spec: { type: 'squad', children: [] },
};

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function renderCard(api: FakeGithubPullRequestsApi) {
  return renderInTestApp(
    <EntityProvider entity={squad}>
      <GroupPullRequestsCard />
    </EntityProvider>,
    { apis: [[githubPullRequestsApiRef, api]] },
  );
}

const section = (name: RegExp) =>
  screen.getByRole('region', { name }) as HTMLElement;

describe('GroupPullRequestsCard', () => {
  it('shows the three sections with counts, each pull request linking to GitHub', async () => {
    const api = new FakeGithubPullRequestsApi(
      okResponse({
        repositories: 4,
        groups: {
          reviewRequired: [
            makePullRequest({
              number: 12,
              title: 'Add ledger reconciliation',
              repository: 'meridian/ledger',
              isDraft: true,
              labels: [
                { name: 'bug', color: 'd73a4a' },
                { name: 'evil', color: 'red;background:url(x)' },
              ],
              createdAt: ago(3 * 24 * HOUR),
              updatedAt: ago(2 * HOUR),
            }),
            makePullRequest({ number: 13, title: 'Bump express' }),
          ],
          reviewInProgress: [
            makePullRequest({ number: 7, title: 'Rename accounts table' }),
          ],
          approved: [
            makePullRequest({
              number: 3,
              title: 'Fix rounding',
              author: null,
            }),
          ],
        },
      }),
    );
    renderCard(api);

    expect(
      await screen.findByRole('heading', { name: 'Open pull requests' }),
    ).toBeInTheDocument();
    await screen.findByRole('heading', { name: 'Review required (2)' });
    expect(
      screen.getByRole('heading', { name: 'Review in progress (1)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Approved (1)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^4 open pull requests in 4 repositories, as of/),
    ).toBeInTheDocument();
    expect(api.requests).toEqual([
      { namespace: 'default', name: 'squad-aura' },
    ]);

    const required = section(/^Review required/);
    expect(
      within(required)
        .getAllByRole('link')
        .map(l => l.textContent),
    ).toEqual(['Add ledger reconciliation', 'Bump express']);
    const link = within(required).getByRole('link', {
      name: 'Add ledger reconciliation',
    });
    expect(link).toHaveAttribute(
      'href',
      'https://github.com/meridian/ledger/pull/12',
    );
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toContain('noopener');

    const row = screen.getByTestId('pull-request-meridian/ledger#12');
    expect(within(row).getByText('meridian/ledger')).toBeInTheDocument();
    expect(within(row).getByText('Draft')).toBeInTheDocument();
    expect(row).toHaveTextContent(
      '#12 by jane-doe · created 3 days ago · updated 2 hours ago',
    );
    const created = within(row).getByText('3 days ago');
    expect(created.tagName).toBe('TIME');
    expect(created).toHaveAttribute(
      'title',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(/),
    );

    // Label colours only as a border, and only when they are six hex digits.
    const [bug, evil] = within(row).getAllByTestId('pull-request-label');
    expect(bug).toHaveTextContent('bug');
    expect(bug).toHaveStyle({ borderColor: '#d73a4a' });
    expect(bug.getAttribute('style')).toBe('border-color: rgb(215, 58, 74);');
    expect(evil).toHaveTextContent('evil');
    expect(evil.getAttribute('style')).toBeNull();

    expect(
      screen.getByTestId('pull-request-meridian/payments-api#3'),
    ).toHaveTextContent('#3 by a deleted user');
    expect(
      within(section(/^Approved/)).getByRole('link', { name: 'Fix rounding' }),
    ).toBeInTheDocument();
  });

  it('collapses long sections to 10 with "Show all"', async () => {
    const many = Array.from({ length: 14 }, (_, i) =>
      makePullRequest({ number: i + 1, title: `Renovate update ${i + 1}` }),
    );
    renderCard(
      new FakeGithubPullRequestsApi(
        okResponse({
          groups: { reviewRequired: many, reviewInProgress: [], approved: [] },
        }),
      ),
    );
    await screen.findByRole('heading', { name: 'Review required (14)' });
    const required = section(/^Review required/);
    expect(within(required).getAllByRole('link')).toHaveLength(10);
    expect(within(section(/^Approved/)).getByText('None')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 14 in Review required' }),
    );
    expect(within(required).getAllByRole('link')).toHaveLength(14);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show fewer in Review required' }),
    );
    expect(within(required).getAllByRole('link')).toHaveLength(10);
  });

  it('says when there are no open pull requests', async () => {
    renderCard(new FakeGithubPullRequestsApi(okResponse({ repositories: 5 })));
    expect(
      await screen.findByText('No open pull requests in 5 repositories'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: /Review required/ }),
    ).toBeNull();
  });

  it('explains an empty answer when no component names a repository', async () => {
    renderCard(
      new FakeGithubPullRequestsApi(
        okResponse({
          repositories: 0,
          unavailableRepositories: ['meridian/gone'],
        }),
      ),
    );
    expect(
      await screen.findByText('No open pull requests in 0 repositories'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /names a GitHub repository \(annotation github.com\/project-slug\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/meridian\/gone/)).toBeInTheDocument();
  });

  it('notes truncated answers and repositories GitHub does not know', async () => {
    renderCard(
      new FakeGithubPullRequestsApi(
        okResponse({
          truncated: true,
          unavailableRepositories: ['meridian/old-one', 'meridian/renamed'],
          groups: {
            reviewRequired: [makePullRequest({ number: 1 })],
            reviewInProgress: [],
            approved: [],
          },
        }),
      ),
    );
    expect(
      await screen.findByText(/^Not everything is shown/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/meridian\/old-one, meridian\/renamed$/),
    ).toBeInTheDocument();
  });

  it('notes repositories outside the organisation, as inert text in a collapsed list', async () => {
    const hostile = '<img src=x onerror=alert(1)>/repo';
    // Built, so the linter's script-URL rule does not take it for code.
    const scriptUrl = ['javascript', 'alert(1)/x'].join(':');
    const reason = (owner: string) =>
      `${owner} is not one of the organisations the portal serves (meridian)`;
    const { container } = renderCard(
      new FakeGithubPullRequestsApi(
        okResponse({
          repositories: 1,
          groups: {
            reviewRequired: [makePullRequest({ number: 1 })],
            reviewInProgress: [],
            approved: [],
          },
          refusedRepositories: [
            { repository: 'evil/repo', reason: reason('evil') },
            { repository: hostile, reason: reason('<img src=x>') },
            { repository: 'other/one', reason: reason('other') },
            { repository: scriptUrl, reason: reason('js') },
          ],
        }),
      ),
    );
    const note = await screen.findByTestId('refused-repositories');
    expect(note).toHaveTextContent(
      `4 repositories are outside the organisation and were not read: evil/repo, ${hostile}, other/one …`,
    );
    // Collapsed: the fourth and the reasons only on request.
    expect(note).not.toHaveTextContent(scriptUrl);
    expect(screen.queryByRole('list', { name: 'Repositories not read' })).toBe(
      null,
    );

    await userEvent.click(
      within(note).getByRole('button', { name: 'Details' }),
    );
    const list = screen.getByRole('list', { name: 'Repositories not read' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      `evil/repo: ${reason('evil')}`,
      `${hostile}: ${reason('<img src=x>')}`,
      `other/one: ${reason('other')}`,
      `${scriptUrl}: ${reason('js')}`,
    ]);
    // Names from catalog annotations stay text: no markup, no links.
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(within(note).queryAllByRole('link')).toEqual([]);

    await userEvent.click(
      within(note).getByRole('button', { name: 'Hide details' }),
    );
    expect(screen.queryByRole('list', { name: 'Repositories not read' })).toBe(
      null,
    );
  });

  it('names a single refused repository instead of saying no component names one', async () => {
    renderCard(
      new FakeGithubPullRequestsApi(
        okResponse({
          repositories: 0,
          refusedRepositories: [
            {
              repository: 'evil/repo',
              reason:
                'evil is not one of the organisations the portal serves (meridian)',
            },
          ],
        }),
      ),
    );
    expect(
      await screen.findByText('No open pull requests in 0 repositories'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('refused-repositories')).toHaveTextContent(
      /^1 repository is outside the organisation and was not read: evil\/repo Details$/,
    );
    expect(screen.queryByText(/names a GitHub repository/)).toBeNull();
  });

  it('says GitHub is not connected when the backend has no token', async () => {
    renderCard(
      new FakeGithubPullRequestsApi({
        status: 'not-configured',
        message: 'No GitHub token or GitHub App is configured for github.com.',
      }),
    );
    expect(
      await screen.findByText('GitHub is not connected: no token configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No GitHub token or GitHub App is configured/),
    ).toBeInTheDocument();
  });

  it('says when to try again after a rate limit', async () => {
    const resetAt = new Date();
    resetAt.setHours(14, 5, 0, 0);
    const api = new FakeGithubPullRequestsApi(
      {
        status: 'rate-limited',
        resetAt: resetAt.toISOString(),
        message: 'GitHub GraphQL rate limit exceeded',
      },
      okResponse({ repositories: 2 }),
    );
    renderCard(api);
    const alert = await screen.findByText(/GitHub rate limit reached/);
    expect(alert).toHaveTextContent(
      'GitHub rate limit reached; try again at 14:05',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByText('No open pull requests in 2 repositories'),
    ).toBeInTheDocument();
    expect(api.requests).toHaveLength(2);
  });

  it("shows GitHub failures with the backend's message and retries", async () => {
    const api = new FakeGithubPullRequestsApi(
      await backendError(
        502,
        'GitHubUnavailableError',
        'GitHub did not answer at https://api.github.com/graphql (HTTP 502, 3 attempts)',
      ),
      okResponse({ repositories: 1 }),
    );
    renderCard(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load pull requests');
    expect(alert).toHaveTextContent(
      'GitHub did not answer at https://api.github.com/graphql (HTTP 502, 3 attempts)',
    );
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(
        screen.getByText('No open pull requests in 1 repository'),
      ).toBeInTheDocument(),
    );
  });

  it('is quiet when the person may not read pull requests', async () => {
    renderCard(
      new FakeGithubPullRequestsApi(
        await backendError(
          403,
          'NotAllowedError',
          'You may not read GitHub pull requests',
        ),
      ),
    );
    expect(
      await screen.findByText(
        'You do not have access to GitHub pull requests.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
