import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { LocalGitHub } from '@internal/dev-github';
import { component, startApi } from './__testUtils__/testBackend';
import { PATH, useSquadGitHub } from './__testUtils__/squadPullRequests';

jest.setTimeout(60_000);

/** What the API refuses or cannot answer: GitHub not configured, bad group names, a denied permission. */
describe('GET /groups/:namespace/:name/pull-requests', () => {
  let github: LocalGitHub;
  let repos: string[];

  useSquadGitHub(started => ({ github, repos } = started));

  it('says GitHub is not configured when there is no token', async () => {
    const backend = await startApi({
      github,
      entities: [component('ledger', repos[0])],
      token: null,
    });
    try {
      github.control.resetStats();
      const res = await request(backend.server).get(PATH);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'not-configured',
        message: expect.stringContaining(github.host),
      });
      expect(github.control.stats().requests).toBe(0);
    } finally {
      await backend.stop();
    }
  });

  it('says GitHub is not configured when no integration matches the host', async () => {
    const backend = await startApi({
      github,
      entities: [component('ledger', repos[0])],
      githubPullRequests: { host: 'github.example.com' },
    });
    try {
      const res = await request(backend.server).get(PATH);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'not-configured',
        message: expect.stringContaining('github.example.com'),
      });
    } finally {
      await backend.stop();
    }
  });

  it('rejects bad group names with 400 naming the field', async () => {
    const backend = await startApi({ github, entities: [] });
    try {
      const bad = await request(backend.server).get(
        '/api/github-pull-requests/groups/default/squad%20aura!/pull-requests',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^Invalid request: name: /);
      const long = await request(backend.server).get(
        `/api/github-pull-requests/groups/${'n'.repeat(
          64,
        )}/squad-aura/pull-requests`,
      );
      expect(long.status).toBe(400);
      expect(long.body.error.message).toBe(
        'Invalid request: namespace: must be at most 63 characters',
      );
    } finally {
      await backend.stop();
    }
  });

  it('answers 403 when the permission is denied', async () => {
    const backend = await startApi({
      github,
      entities: [component('ledger', repos[0])],
      features: [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    try {
      github.control.resetStats();
      const res = await request(backend.server).get(PATH);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(github.control.stats().requests).toBe(0);
    } finally {
      await backend.stop();
    }
  });
});
