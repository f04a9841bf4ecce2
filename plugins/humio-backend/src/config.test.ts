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
});
