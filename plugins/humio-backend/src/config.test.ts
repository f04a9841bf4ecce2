import { ConfigReader } from '@backstage/config';
import { readHumioConfig } from './config';

describe('configuration', () => {
  it('is optional, with defaults', () => {
    expect(readHumioConfig(new ConfigReader({}))).toEqual({
      connection: {
        configured: false,
        message: 'Humio is not configured: humio.baseUrl is not set.',
      },
      defaultRepository: undefined,
      allowedRepositories: undefined,
      defaultQuery: 'service = "{{ entity.metadata.name }}"',
      serviceFilter: 'service = "{{ entity.metadata.name }}"',
      errorFilter: 'level = ERROR',
      timeoutMs: 10_000,
    });
    expect(
      readHumioConfig(
        new ConfigReader({ humio: { baseUrl: 'https://humio.example.com' } }),
      ).connection,
    ).toEqual({
      configured: false,
      message: 'Humio is not configured: humio.token is not set.',
    });
  });

  it('reads every key', () => {
    expect(
      readHumioConfig(
        new ConfigReader({
          humio: {
            baseUrl: 'https://humio.example.com/',
            token: 't',
            defaultRepository: 'prod',
            allowedRepositories: ['prod', 'staging'],
            defaultQuery: 'app = "{{ entity.metadata.name }}"',
            serviceFilter: 'app = "{{ entity.metadata.name }}" env = prod',
            errorFilter: 'loglevel = error',
            timeout: '30s',
          },
        }),
      ),
    ).toEqual({
      connection: {
        configured: true,
        baseUrl: 'https://humio.example.com',
        token: 't',
      },
      defaultRepository: 'prod',
      allowedRepositories: ['prod', 'staging'],
      defaultQuery: 'app = "{{ entity.metadata.name }}"',
      serviceFilter: 'app = "{{ entity.metadata.name }}" env = prod',
      errorFilter: 'loglevel = error',
      timeoutMs: 30_000,
    });
    expect(
      readHumioConfig(
        new ConfigReader({ humio: { timeout: { minutes: 1, seconds: 5 } } }),
      ).timeoutMs,
    ).toBe(65_000);
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() =>
      readHumioConfig(
        new ConfigReader({
          humio: { baseUrl: 'humio.example.com', token: 't' },
        }),
      ),
    ).toThrow('humio.baseUrl must be an http(s) URL');
  });

  it('requires humio.allowedRepositories in production when Humio is configured', () => {
    const humio = { baseUrl: 'https://humio.example.com', token: 't' };
    const production = { auth: { environment: 'production' } };
    for (const allowedRepositories of [undefined, [], ['  ']]) {
      expect(() =>
        readHumioConfig(
          new ConfigReader({
            ...production,
            humio: { ...humio, allowedRepositories },
          }),
        ),
      ).toThrow(
        'humio.allowedRepositories must list the repositories entities may read in production',
      );
    }
    expect(
      readHumioConfig(
        new ConfigReader({
          ...production,
          humio: { ...humio, allowedRepositories: ['prod'] },
        }),
      ).allowedRepositories,
    ).toEqual(['prod']);
    // Development, and production without Humio, start without the list.
    expect(
      readHumioConfig(new ConfigReader({ humio })).allowedRepositories,
    ).toBeUndefined();
    expect(
      readHumioConfig(new ConfigReader({ ...production, humio: {} })).connection
        .configured,
    ).toBe(false);
  });
});
