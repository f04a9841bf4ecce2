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

describe('deadLetter.environments.<env>.messageTypeHeaders', () => {
  const headersOf = (env: object) =>
    readDeadLetterConfig(
      new ConfigReader({ deadLetter: { environments: { dev: env } } }),
    ).environments[0].messageTypeHeaders;

  it('defaults to the common header names, event-name first', () => {
    expect(headersOf({ queues: ['q'] })).toEqual(
      expect.arrayContaining(['event-name', 'eventName', 'message-type']),
    );
    expect(headersOf({ queues: ['q'] })[0]).toBe('event-name');
  });

  it('takes the configured names in their order', () => {
    expect(
      headersOf({ queues: ['q'], messageTypeHeaders: ['x-kind', 'type'] }),
    ).toEqual(['x-kind', 'type']);
  });

  it('refuses empty names and overlong lists, naming the key', () => {
    expect(() =>
      headersOf({ queues: ['q'], messageTypeHeaders: ['x-kind', ' '] }),
    ).toThrow('deadLetter.environments.dev.messageTypeHeaders');
    expect(() =>
      headersOf({
        queues: ['q'],
        messageTypeHeaders: Array.from({ length: 21 }, (_, i) => `h${i}`),
      }),
    ).toThrow('at most 20 header names');
  });
});
