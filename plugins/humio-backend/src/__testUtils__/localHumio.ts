import type { EntityLogsOk } from '@internal/backstage-plugin-humio-common';
import { LocalHumio, startHumioServer } from '@internal/dev-humio';
import { humioQuery, REPOSITORY, SERVICES, TOKEN } from './testBackend';

/** The local Humio of the API tests: the services' sample logs, and other-repo. */
export function startLocalHumio() {
  return startHumioServer({
    apiToken: TOKEN,
    ingestTokens: { 'ingest-token': REPOSITORY },
    repositories: ['other-repo'],
    services: SERVICES,
    seed: 7,
  });
}

/**
 * The local Humio of a describe block's tests, started before them (`assign`
 * receives it), reset after each and closed after all.
 */
export function useLocalHumio(assign: (humio: LocalHumio) => void) {
  let humio: LocalHumio | undefined;

  beforeAll(async () => {
    humio = await startLocalHumio();
    assign(humio);
  });

  afterAll(async () => {
    await humio?.close();
  });

  afterEach(() => {
    humio?.control.reset();
  });
}

type Expected = { ids: string[]; total: number; errors: number };

/**
 * Asks the local Humio the same questions around a call of the API and
 * retries when the sample logs' sliding window moved in between, so that
 * the comparison is exact without racing the clock.
 */
export async function compareWithHumio(
  humio: LocalHumio,
  query: string,
  range: string,
  limit: number,
  call: () => Promise<EntityLogsOk>,
): Promise<{ actual: EntityLogsOk; expected: Expected }> {
  const expect = async (): Promise<Expected> => {
    const [events, total, errors] = await Promise.all([
      humioQuery(humio, `${query}\n| tail(${limit})`, range),
      humioQuery(humio, `${query}\n| count()`, range),
      humioQuery(humio, `${query}\n| level = ERROR\n| count()`, range),
    ]);
    return {
      ids: events.map(e => String(e['@id'])),
      total: Number(total[0]._count),
      errors: Number(errors[0]._count),
    };
  };
  for (let attempt = 0; ; attempt++) {
    const before = await expect();
    const actual = await call();
    const after = await expect();
    if (JSON.stringify(before) === JSON.stringify(after) || attempt === 4) {
      return { actual, expected: after };
    }
  }
}
