import { ConfigReader } from '@backstage/config';
import { readDeadLetterConfig } from './config';

const environments = {
  dev: { queues: ['dead-letters'] },
  prod: { queues: ['dead-letters'] },
  staging: { queues: ['dead-letters'] },
};
const bodyAccessOf = (data: object) =>
  Object.fromEntries(
    readDeadLetterConfig(new ConfigReader(data)).environments.map(e => [
      e.name,
      e.bodyAccess,
    ]),
  );

describe('deadLetter.environments.<env>.bodyAccess', () => {
  it('defaults to owners for prod only in development', () => {
    expect(bodyAccessOf({ deadLetter: { environments } })).toEqual({
      dev: 'everyone',
      prod: 'owners',
      staging: 'everyone',
    });
  });

  it('defaults to owners everywhere under the production configuration', () => {
    expect(
      bodyAccessOf({
        auth: { environment: 'production' },
        deadLetter: {
          environments: {
            ...environments,
            dev: { queues: ['dead-letters'], bodyAccess: 'everyone' },
          },
        },
      }),
    ).toEqual({ dev: 'everyone', prod: 'owners', staging: 'owners' });
  });

  it('refuses other values', () => {
    expect(() =>
      bodyAccessOf({
        deadLetter: {
          environments: { prod: { queues: ['q'], bodyAccess: 'squads' } },
        },
      }),
    ).toThrow(
      "deadLetter.environments.prod.bodyAccess: must be 'owners' or 'everyone', not 'squads'",
    );
  });
});
