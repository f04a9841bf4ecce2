import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  AURA,
  AURA_BODY_TEXT,
  AURA_HEADER_TEXT,
  carriesAuraContent,
  startBodyAccessBackend,
} from '../__testUtils__/bodyAccess';

jest.setTimeout(60_000);

/**
 * Hostile tenant: a signed-in member of another squad tries every way to
 * read Squad Aura's production dead-letter content (list, detail, text
 * search, replay by search, replay jobs, audit log, environments).
 */
describe('hostile tenant: prod dead-letter bodies', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'withholds another squad’s prod bodies and headers on %s',
    async databaseId => {
      const t = await startBodyAccessBackend(databases, databaseId);
      try {
        const api = request(t.backend.server);
        const asOrion = t.as('orionMember');

        const list = await api
          .get('/api/dead-letter/messages?environment=prod')
          .set('Authorization', asOrion)
          .expect(200);
        expect(carriesAuraContent(list.text)).toBe(false);
        const aura = list.body.items.find((m: any) => m.id === t.ids.prodAura);
        // Metadata stays: who owns it, where and why it died.
        expect(aura).toMatchObject({
          ownerRef: AURA,
          sourceQueue: 'payments.in',
          reason: 'rejected',
          bodyWithheld: true,
        });
        const own = list.body.items.find((m: any) => m.id === t.ids.prodOrion);
        expect(own.bodyWithheld).toBeUndefined();

        const detail = await api
          .get(`/api/dead-letter/messages/${t.ids.prodAura}`)
          .set('Authorization', asOrion)
          .expect(200);
        expect(carriesAuraContent(detail.text)).toBe(false);
        expect(detail.body).toMatchObject({
          bodyWithheld: true,
          bodyBase64: '',
          headers: {},
          properties: {},
          ownerRef: AURA,
          deathHistory: [],
        });

        // Text search does not look into bodies or headers it may not read:
        // not even the count of matches tells what they hold.
        for (const q of [AURA_BODY_TEXT, AURA_HEADER_TEXT]) {
          for (const scope of ['environment=prod&', '']) {
            const found = await api
              .get(
                `/api/dead-letter/messages?${scope}q=${encodeURIComponent(q)}`,
              )
              .set('Authorization', asOrion)
              .expect(200);
            expect(
              found.body.items.filter((m: any) => m.environment === 'prod'),
            ).toEqual([]);
          }
        }
        const replayBySearch = await api
          .post('/api/dead-letter/replays')
          .set('Authorization', asOrion)
          .send({ filter: { environment: 'prod', q: AURA_BODY_TEXT } })
          .expect(400);
        expect(replayBySearch.body.error.message).toMatch(
          /no unresolved messages match/,
        );

        // A squad member's replay by search: the search text quotes the
        // body, so others see the job and audit entry without it.
        await api
          .post('/api/dead-letter/replays')
          .set('Authorization', t.as('auraMember'))
          .send({ filter: { environment: 'prod', q: AURA_BODY_TEXT } })
          .expect(202);
        for (const path of ['/replays', '/audit', '/environments']) {
          const response = await api
            .get(`/api/dead-letter${path}`)
            .set('Authorization', asOrion)
            .expect(200);
          expect(carriesAuraContent(response.text)).toBe(false);
        }
        const jobs = await api
          .get('/api/dead-letter/replays')
          .set('Authorization', asOrion)
          .expect(200);
        expect(jobs.body.items[0].filter).toEqual({
          environment: 'prod',
          qWithheld: true,
        });
        const job = await api
          .get(`/api/dead-letter/replays/${jobs.body.items[0].id}`)
          .set('Authorization', asOrion)
          .expect(200);
        expect(carriesAuraContent(job.text)).toBe(false);

        // Reads that showed nothing are not audited as body reads.
        expect(
          t
            .bodyReads()
            .filter(e =>
              (e.meta?.messageIds as string[]).includes(t.ids.prodAura),
            ),
        ).toEqual([]);
      } finally {
        await t.backend.stop();
      }
    },
  );
});
