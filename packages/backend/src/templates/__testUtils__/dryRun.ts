import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import {
  createServiceFactory,
  coreServices,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';

export const templatesDir = path.resolve(__dirname, '../../../../../templates');

/** A GitHub Enterprise-like host: nothing is ever sent to it in dry-run mode. */
export const githubHost = 'github.meridian.test';
export const githubOrg = 'meridian-bank';

export const guest = 'user:default/guest';

/** The template directories (those with a template.yaml). */
export function templateIds(): string[] {
  return fs
    .readdirSync(templatesDir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .filter(entry =>
      fs.existsSync(path.join(templatesDir, entry.name, 'template.yaml')),
    )
    .map(entry => entry.name)
    .sort();
}

export function readTemplate(id: string): Entity {
  return yaml.parse(
    fs.readFileSync(path.join(templatesDir, id, 'template.yaml'), 'utf8'),
  );
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(entry =>
      entry.isDirectory()
        ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    );
}

/** The template's files as the Create page's template editor uploads them. */
export function directoryContents(id: string) {
  const dir = path.join(templatesDir, id);
  return listFiles(dir).map(file => ({
    path: file,
    base64Content: fs.readFileSync(path.join(dir, file)).toString('base64'),
  }));
}

function entity(kind: string, name: string, spec: object): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec,
  };
}

export const squad = (name: string) =>
  entity('Group', name, { type: 'squad', children: [] });
export const system = (name: string, owner: string) =>
  entity('System', name, { owner });

export type LogLine = { message: string; meta?: unknown };

/**
 * Keeps what the backend logs: a dry run that fails returns no task log, so
 * this is how a test sees which steps ran before the failure.
 */
class RecordingLogger implements RootLoggerService {
  constructor(readonly lines: LogLine[]) {}
  child() {
    return this;
  }
  error(message: string, meta?: unknown) {
    this.lines.push({ message, meta });
  }
  warn(message: string, meta?: unknown) {
    this.lines.push({ message, meta });
  }
  info(message: string, meta?: unknown) {
    this.lines.push({ message, meta });
  }
  debug(message: string, meta?: unknown) {
    this.lines.push({ message, meta });
  }
}

/** The real scaffolder with the GitHub actions, over an in-memory catalog. */
export async function startScaffolder(entities: Entity[]) {
  const logs: LogLine[] = [];
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderGithubModule,
      catalogServiceMock.factory({ entities }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => new RecordingLogger(logs),
      }),
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: githubHost,
                apiBaseUrl: `https://${githubHost}/api/v3`,
                token: 'dummy-token',
              },
            ],
          },
        },
      }),
    ],
  });

  async function dryRun(
    id: string,
    values: Record<string, unknown>,
    template: Entity = readTemplate(id),
  ) {
    logs.length = 0;
    return request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header(guest))
      .send({
        template,
        values,
        secrets: {},
        directoryContents: directoryContents(id),
      });
  }

  return { backend, dryRun, logs };
}

export type DryRunResponse = {
  log: Array<{ body: { message: string; stepId?: string; status?: string } }>;
  directoryContents: Array<{ path: string; base64Content: string }>;
  output: {
    links?: Array<{ title: string; url?: string; entityRef?: string }>;
  };
  steps: Array<{ id: string; action: string }>;
};

/** The generated files by path, as text. */
export function filesOf(body: DryRunResponse): Record<string, string> {
  return Object.fromEntries(
    body.directoryContents.map(file => [
      file.path,
      Buffer.from(file.base64Content, 'base64').toString('utf8'),
    ]),
  );
}

/** The inputs a step would have run with, from the dry run's log line. */
export function dryRunInputsOf(body: DryRunResponse, stepId: string) {
  const prefix = 'with inputs (secrets redacted): ';
  const line = body.log.find(
    l => l.body.stepId === stepId && l.body.message.includes(prefix),
  );
  if (!line) {
    throw new Error(`no dry-run input log for step ${stepId}`);
  }
  const message = line.body.message;
  return JSON.parse(message.slice(message.indexOf(prefix) + prefix.length));
}
