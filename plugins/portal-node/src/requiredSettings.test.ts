import { ConfigReader } from '@backstage/config';
import {
  assertRequiredSettings,
  checkTransport,
  findSettingProblems,
  isLoopbackHost,
  ProductionSettingsError,
  RequiredSetting,
} from './requiredSettings';

const AMQP = { secure: 'amqps:', plain: 'amqp:' };
const HTTP = { secure: 'https:', plain: 'http:' };

const settings: RequiredSetting[] = [
  { env: 'BROKER_URL', keys: ['amqp.environments.prod.url'], transport: AMQP },
  { env: 'API_TOKEN', keys: ['humio.token'] },
];

describe('isLoopbackHost', () => {
  it.each([
    'localhost',
    '127.0.0.1',
    '127.1.2.3',
    '[::1]',
    '::1',
    'a.localhost',
  ])('%s is loopback', host => expect(isLoopbackHost(host)).toBe(true));
  it.each([
    'rabbitmq.internal',
    '10.0.0.1',
    '127.0.0.1.nip.io',
    'localhost.example.com',
    '128.0.0.1',
    '127.0.0.256',
  ])('%s is not loopback', host => expect(isLoopbackHost(host)).toBe(false));
});

describe('checkTransport', () => {
  const strict = { allowPlaintext: false };
  it('accepts the secure scheme anywhere and plaintext on loopback only', () => {
    expect(checkTransport('amqps://u:p@mq.bank/prod', AMQP, strict)).toBe(
      undefined,
    );
    expect(checkTransport('amqp://guest@127.0.0.1/prod', AMQP, strict)).toBe(
      undefined,
    );
    expect(checkTransport('amqp://u:p@mq.bank/prod', AMQP, strict)).toMatch(
      /must use amqps:\/\/ for the remote host mq\.bank/,
    );
    expect(checkTransport('http://humio.bank', HTTP, strict)).toMatch(
      /must use https:\/\//,
    );
  });

  it('lets remote hosts use plaintext only when allowed explicitly', () => {
    expect(
      checkTransport('amqp://u:p@mq.bank/prod', AMQP, { allowPlaintext: true }),
    ).toBe(undefined);
  });

  it('refuses other schemes and malformed URLs even when plaintext is allowed', () => {
    const lax = { allowPlaintext: true };
    expect(checkTransport('ftp://mq.bank', AMQP, lax)).toMatch(
      /must use amqps:\/\/ \(got ftp:\/\/\)/,
    );
    expect(checkTransport('not a url', HTTP, lax)).toBe('is not a valid URL');
  });
});

describe('findSettingProblems', () => {
  it('names each unset or blank variable with its configuration keys', () => {
    expect(
      findSettingProblems(
        settings,
        { API_TOKEN: '  ' },
        { allowPlaintext: false },
      ),
    ).toEqual([
      'BROKER_URL is not set (amqp.environments.prod.url)',
      'API_TOKEN is not set (humio.token)',
    ]);
  });

  it('is empty when every variable is set and safe', () => {
    expect(
      findSettingProblems(
        settings,
        { BROKER_URL: 'amqps://mq.bank/prod', API_TOKEN: 't' },
        { allowPlaintext: false },
      ),
    ).toEqual([]);
  });
});

describe('assertRequiredSettings', () => {
  it('throws one error listing every problem', () => {
    const config = new ConfigReader({});
    let error: unknown;
    try {
      assertRequiredSettings(config, settings, {
        BROKER_URL: 'amqp://guest:guest@rabbitmq.bank/prod',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProductionSettingsError);
    const problems = (error as ProductionSettingsError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^BROKER_URL must use amqps:\/\//);
    expect(problems[1]).toBe('API_TOKEN is not set (humio.token)');
    expect((error as Error).message).toContain('  - API_TOKEN is not set');
  });

  it('reads portal.allowPlaintextTransport from configuration', () => {
    const env = { BROKER_URL: 'amqp://u@rabbitmq.bank/prod', API_TOKEN: 't' };
    expect(() =>
      assertRequiredSettings(new ConfigReader({}), settings, env),
    ).toThrow(ProductionSettingsError);
    expect(() =>
      assertRequiredSettings(
        new ConfigReader({ portal: { allowPlaintextTransport: true } }),
        settings,
        env,
      ),
    ).not.toThrow();
  });
});
