import { ConfigReader } from '@backstage/config';
import { ProductionSettingsError } from '@internal/backstage-plugin-portal-node';
import fs from 'fs';
import path from 'path';
import { checkProductionConfig } from './productionConfig';
import {
  OPTIONAL_PRODUCTION_SETTINGS,
  PRODUCTION_SETTINGS,
} from './requiredSettings';

const root = path.resolve(__dirname, '../../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** `${VAR}` and `${VAR:-default}` references outside comments, by variable. */
function variables(text: string): Map<string, { hasDefault: boolean }> {
  const found = new Map<string, { hasDefault: boolean }>();
  const code = text
    .split('\n')
    .filter(line => !line.trimStart().startsWith('#'))
    .join('\n');
  for (const m of code.matchAll(/\$\{([A-Z0-9_]+)(:-)?/g)) {
    found.set(m[1], { hasDefault: m[2] !== undefined });
  }
  return found;
}

const production = new ConfigReader({ auth: { environment: 'production' } });

const completeEnv: Record<string, string> = {
  PORTAL_BASE_URL: 'https://portal.meridian.example',
  PORTAL_PLATFORM_TEAM: 'group:default/squad-atlas',
  POSTGRES_HOST: 'db',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'portal',
  POSTGRES_PASSWORD: 'secret',
  AUTH_GITHUB_CLIENT_ID: 'id',
  AUTH_GITHUB_CLIENT_SECRET: 'secret',
  GITHUB_HOST: 'github.com',
  GITHUB_TOKEN: 'token',
  GITHUB_ORG: 'meridian-bank',
  AMQP_DEV_URL: 'amqps://portal:x@mq-dev.meridian.example/dev',
  AMQP_PROD_URL: 'amqps://portal:x@mq.meridian.example/prod',
  RABBITMQ_DEV_MANAGEMENT_URL: 'https://mq-dev.meridian.example:15671',
  RABBITMQ_PROD_MANAGEMENT_URL: 'https://mq.meridian.example:15671',
  HUMIO_URL: 'https://humio.meridian.example',
  HUMIO_TOKEN: 'search',
  HUMIO_REPOSITORY: 'meridian-prod',
  HUMIO_AUDIT_INGEST_TOKEN: 'ingest',
};

describe('checkProductionConfig', () => {
  it('leaves development configurations alone', () => {
    expect(() =>
      checkProductionConfig(
        new ConfigReader({ auth: { environment: 'development' } }),
        {},
      ),
    ).not.toThrow();
  });

  it('accepts a complete production environment', () => {
    expect(() => checkProductionConfig(production, completeEnv)).not.toThrow();
  });

  it.each(PRODUCTION_SETTINGS.map(s => s.env))(
    'stops production without %s, naming it and its keys',
    name => {
      const env = { ...completeEnv };
      delete env[name];
      const setting = PRODUCTION_SETTINGS.find(s => s.env === name)!;
      expect(() => checkProductionConfig(production, env)).toThrow(
        new ProductionSettingsError([
          `${name} is not set (${setting.keys.join(', ')})`,
        ]),
      );
    },
  );

  it('refuses plaintext to remote brokers, management APIs and Humio', () => {
    const env = {
      ...completeEnv,
      AMQP_PROD_URL: 'amqp://portal:x@mq.meridian.example/prod',
      RABBITMQ_PROD_MANAGEMENT_URL: 'http://mq.meridian.example:15672',
      HUMIO_URL: 'http://humio.meridian.example',
      GITHUB_API_URL: 'http://ghe.meridian.example/api/v3',
    };
    let problems: string[] = [];
    try {
      checkProductionConfig(production, env);
    } catch (e) {
      problems = (e as ProductionSettingsError).problems;
    }
    expect(problems.map(p => p.split(' ')[0])).toEqual([
      'AMQP_PROD_URL',
      'RABBITMQ_PROD_MANAGEMENT_URL',
      'HUMIO_URL',
      'GITHUB_API_URL',
    ]);
    expect(() =>
      checkProductionConfig(
        new ConfigReader({
          auth: { environment: 'production' },
          portal: { allowPlaintextTransport: true },
        }),
        env,
      ),
    ).not.toThrow();
  });

  it('allows plaintext to loopback stand-ins', () => {
    const env = {
      ...completeEnv,
      PORTAL_BASE_URL: 'http://localhost:7007',
      AMQP_PROD_URL: 'amqp://guest:guest@127.0.0.1:5672/portal-prod',
      HUMIO_URL: 'http://127.0.0.1:7901',
    };
    expect(() => checkProductionConfig(production, env)).not.toThrow();
  });
});

describe('app-config.production.yaml', () => {
  const prod = variables(read('app-config.production.yaml'));
  const dev = variables(read('app-config.yaml'));
  const checked = new Set(
    [...PRODUCTION_SETTINGS, ...OPTIONAL_PRODUCTION_SETTINGS].map(s => s.env),
  );
  // Optional, with Backstage's own default rather than a development one.
  const optional = new Set(['PORTAL_PORT', 'POSTGRES_DATABASE_PREFIX']);

  it('has no development defaults of its own', () => {
    expect([...prod].filter(([, v]) => v.hasDefault).map(([k]) => k)).toEqual(
      [],
    );
  });

  it('overrides every defaulted variable of app-config.yaml', () => {
    const defaulted = [...dev].filter(([, v]) => v.hasDefault).map(([k]) => k);
    expect(defaulted.length).toBeGreaterThan(0);
    expect(defaulted.filter(name => !prod.has(name))).toEqual([]);
  });

  it('checks every variable it reads at start', () => {
    expect(
      [...prod.keys()].filter(
        name => !checked.has(name) && !optional.has(name),
      ),
    ).toEqual([]);
    expect([...checked].filter(name => !prod.has(name))).toEqual([]);
  });
});
