import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { deadLetterReadBodyPermission } from '@internal/backstage-plugin-dead-letter-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { parseDeadLetter } from '../capture/parseDeadLetter';
import {
  createDeadLetterConditionalDecision,
  deadLetterConditions,
} from '../permissions';
import {
  OFFLINE_DEV_AND_PROD,
  openDatabase,
  startDeadLetterBackend,
} from './backend';

export const AURA = 'group:default/squad-aura';
export const ORION = 'group:default/squad-orion';

/** People as the portal's policy sees them: squads, or the platform team. */
export const PEOPLE = {
  auraMember: { ref: 'user:default/aura-dev', squads: [AURA] },
  orionMember: { ref: 'user:default/orion-dev', squads: [ORION] },
  platform: { ref: 'user:default/platform-dev', squads: 'platform' as const },
};
export type Person = keyof typeof PEOPLE;

/** Text that is only in the bodies and headers of Squad Aura's messages. */
export const AURA_BODY_TEXT = 'NL91ABNA0417164300-aura-customer';
export const AURA_HEADER_TEXT = 'Jane Distinctive Doe';
export const ORION_BODY_TEXT = 'orion-own-ledger-entry';

function deadLetter(
  environment: string,
  queue: string,
  body: string,
  customer: string,
) {
  return parseDeadLetter(
    {
      content: Buffer.from(body),
      fields: { redelivered: false },
      properties: {
        contentType: 'application/json',
        correlationId: customer,
        headers: {
          'x-customer-name': customer,
          'x-first-death-queue': queue,
          'x-first-death-reason': 'rejected',
          'x-first-death-exchange': 'payments',
        },
      },
    },
    { environment, deadLetterQueue: 'dead-letters' },
  );
}

/**
 * The dead-letter backend with dev (bodyAccess by default: everyone) and
 * prod (default: owners), a message of Squad Aura and one of Squad Orion in
 * each, and the permission decisions the portal's policy gives each person.
 */
export async function startBodyAccessBackend(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
  extraConfig: JsonObject = {},
) {
  const knex: Knex = await databases.init(databaseId);
  const auditor = mockServices.auditor.mock();
  const permissions = mockServices.permissions.mock({
    authorizeConditional: async (requests, { credentials }) => {
      const ref = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      const person = Object.values(PEOPLE).find(p => p.ref === ref);
      return requests.map(({ permission }) => {
        if (permission.name !== deadLetterReadBodyPermission.name) {
          return { result: AuthorizeResult.ALLOW };
        }
        if (!person) return { result: AuthorizeResult.DENY };
        if (person.squads === 'platform') {
          return { result: AuthorizeResult.ALLOW };
        }
        return createDeadLetterConditionalDecision(
          deadLetterReadBodyPermission,
          deadLetterConditions.isDeadLetterOwner({ claims: person.squads }),
        );
      });
    },
    authorize: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  });
  const backend = await startDeadLetterBackend({
    knex,
    config: { ...OFFLINE_DEV_AND_PROD, ...extraConfig },
    features: [auditor.factory, permissions.factory],
  });
  const database = await openDatabase(knex);
  await database.messages.insertCaptured(
    ['dev', 'prod'].flatMap(environment => [
      {
        ...deadLetter(
          environment,
          'payments.in',
          JSON.stringify({ iban: AURA_BODY_TEXT, env: environment }),
          AURA_HEADER_TEXT,
        ),
        ownerRef: AURA,
      },
      {
        ...deadLetter(
          environment,
          'ledger.in',
          JSON.stringify({ entry: ORION_BODY_TEXT, env: environment }),
          'orion customer',
        ),
        ownerRef: ORION,
      },
    ]),
  );
  const { items } = await database.queries.list({ limit: 10 });
  const idOf = (environment: string, owner: string) =>
    items.find(m => m.environment === environment && m.ownerRef === owner)!.id;
  return {
    backend,
    auditor,
    ids: {
      devAura: idOf('dev', AURA),
      prodAura: idOf('prod', AURA),
      prodOrion: idOf('prod', ORION),
    },
    /** Authorization header of a person. */
    as: (person: Person) => mockCredentials.user.header(PEOPLE[person].ref),
    /** Auditor events about body reads so far. */
    bodyReads: () =>
      auditor.createEvent.mock.calls
        .map(([event]) => event)
        .filter(event => event.eventId === 'dead-letter-body-read'),
  };
}

/** Whether a response carries any of Squad Aura's content. */
export function carriesAuraContent(text: string): boolean {
  const base64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    AURA_BODY_TEXT,
    AURA_HEADER_TEXT,
    // Base64 of the body starts at its first byte: `{"iban":"NL91...`.
    base64(`{"iban":"${AURA_BODY_TEXT}`).slice(0, 24),
  ].some(needle => text.includes(needle));
}
