import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  AURA_BODY_TEXT,
  AURA_HEADER_TEXT,
  carriesAuraContent,
  Person,
  startBodyAccessBackend,
} from './__testUtils__/bodyAccess';

jest.setTimeout(60_000);

/**
 * Production bodies and headers are read by the owning squad and the
 * platform team (each read audited at low severity); dev stays open to
 * everyone. The non-owner's side is in hostileTenant/.
 */
describe('dead-letter body access', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'shows prod content to owners and the platform team, dev to all, on %s',
    async databaseId => {
      const t = await startBodyAccessBackend(databases, databaseId);
      try {
        const api = request(t.backend.server);
        const readers: Person[] = ['auraMember', 'platform'];
        for (const person of readers) {
          const detail = await api
            .get(`/api/dead-letter/messages/${t.ids.prodAura}`)
            .set('Authorization', t.as(person))
            .expect(200);
          expect(detail.body.bodyWithheld).toBeUndefined();
          expect(
            Buffer.from(detail.body.bodyBase64, 'base64').toString(),
          ).toContain(AURA_BODY_TEXT);
          expect(detail.body.headers['x-customer-name']).toBe(AURA_HEADER_TEXT);
          const found = await api
            .get(
              `/api/dead-letter/messages?environment=prod&q=${encodeURIComponent(
                AURA_BODY_TEXT,
              )}`,
            )
            .set('Authorization', t.as(person))
            .expect(200);
          expect(found.body.items.map((m: any) => m.id)).toEqual([
            t.ids.prodAura,
          ]);
          expect(found.body.items[0].bodyWithheld).toBeUndefined();
        }
        // Each prod read is one low-severity audit event naming the message.
        expect(t.bodyReads()).toEqual([
          expect.objectContaining({
            eventId: 'dead-letter-body-read',
            severityLevel: 'low',
            meta: {
              environments: ['prod'],
              messageCount: 1,
              messageIds: [t.ids.prodAura],
            },
          }),
          expect.objectContaining({ eventId: 'dead-letter-body-read' }),
        ]);
        const actors = await Promise.all(
          t.auditor.createEvent.mock.calls
            .filter(([e]) => e.eventId === 'dead-letter-body-read')
            .map(async ([e]) =>
              (e.request as any).headers.authorization.toString(),
            ),
        );
        expect(actors).toEqual([t.as('auraMember'), t.as('platform')]);

        // Dev is open: a member of another squad reads and searches it, and
        // nothing is audited for it.
        const before = t.bodyReads().length;
        const dev = await api
          .get(`/api/dead-letter/messages/${t.ids.devAura}`)
          .set('Authorization', t.as('orionMember'))
          .expect(200);
        expect(carriesAuraContent(dev.text)).toBe(true);
        expect(dev.body.bodyWithheld).toBeUndefined();
        const devSearch = await api
          .get(
            `/api/dead-letter/messages?q=${encodeURIComponent(
              AURA_HEADER_TEXT,
            )}`,
          )
          .set('Authorization', t.as('orionMember'))
          .expect(200);
        expect(devSearch.body.items.map((m: any) => m.id)).toEqual([
          t.ids.devAura,
        ]);
        expect(t.bodyReads().length).toBe(before);
      } finally {
        await t.backend.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'follows bodyAccess: owners in dev, everyone in prod when set, on %s',
    async databaseId => {
      const t = await startBodyAccessBackend(databases, databaseId, {
        deadLetter: {
          environments: {
            dev: { queues: ['dead-letters'], bodyAccess: 'owners' },
            prod: { queues: ['dead-letters'], bodyAccess: 'everyone' },
          },
        },
      });
      try {
        const api = request(t.backend.server);
        const dev = await api
          .get(`/api/dead-letter/messages/${t.ids.devAura}`)
          .set('Authorization', t.as('orionMember'))
          .expect(200);
        expect(dev.body.bodyWithheld).toBe(true);
        expect(carriesAuraContent(dev.text)).toBe(false);
        const prod = await api
          .get(`/api/dead-letter/messages/${t.ids.prodAura}`)
          .set('Authorization', t.as('orionMember'))
          .expect(200);
        expect(carriesAuraContent(prod.text)).toBe(true);
      } finally {
        await t.backend.stop();
      }
    },
  );
});
