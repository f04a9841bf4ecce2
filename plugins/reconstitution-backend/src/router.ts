import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  reconstitutionJobCreatePermission,
  reconstitutionJobReadPermission,
} from '@internal/backstage-plugin-reconstitution-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { ArchiveService } from './archive/ArchiveService';
import { EventArchiveStore } from './database/EventArchiveStore';

/** Most entity ids one selection may list. */
export const MAX_ENTITY_IDS = 100_000;

const isoDate = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const name = z.string().trim().min(1, 'must not be empty').max(500);

const selectionSchema = z
  .object({
    environment: name,
    domain: name,
    entityType: name,
    from: isoDate.optional(),
    to: isoDate.optional(),
    entityIds: z
      .array(name)
      .max(MAX_ENTITY_IDS, `at most ${MAX_ENTITY_IDS} entity ids`)
      .optional(),
    eventNames: z.array(name).max(500).optional(),
    sampleSize: z.number().int().min(0).max(100).default(10),
  })
  .strict()
  .refine(s => !s.from || !s.to || new Date(s.to) > new Date(s.from), {
    message: 'must be after from',
    path: ['to'],
  });

const producersQuerySchema = z
  .object({ environment: z.string().optional() })
  .strict();

function parse<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(issue => {
      const field = issue.path.join('.');
      if (issue.code === 'unrecognized_keys') {
        return `${
          field ? `${field}: ` : ''
        }unknown parameter(s) ${issue.keys.join(', ')}`;
      }
      return `${field || 'body'}: ${issue.message}`;
    });
    throw new InputError(`Invalid request: ${problems.join('; ')}`);
  }
  return result.data;
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: EventArchiveStore;
  archive: ArchiveService;
  environments: string[];
}): Promise<express.Router> {
  const { httpAuth, permissions, store, archive, environments } = options;
  const router = Router();
  // 100,000 entity ids are a few MB of JSON.
  router.use(express.json({ limit: '10mb' }));

  function checkEnvironment(environment: string | undefined) {
    if (environment !== undefined && !environments.includes(environment)) {
      throw new InputError(
        `Invalid request: environment: unknown environment '${environment}' (known: ${
          environments.join(', ') || 'none'
        })`,
      );
    }
  }

  async function authorizeRead(req: express.Request) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: reconstitutionJobReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read reconstitution data');
    }
  }

  router.get('/archive', async (req, res) => {
    await authorizeRead(req);
    res.json({ items: archive.status() });
  });

  router.get('/producers', async (req, res) => {
    const query = parse(producersQuerySchema, req.query);
    checkEnvironment(query.environment);
    await authorizeRead(req);
    res.json({ items: await store.producers(query.environment) });
  });

  router.post('/dry-run', async (req, res) => {
    const { sampleSize, ...selection } = parse(selectionSchema, req.body);
    checkEnvironment(selection.environment);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: reconstitutionJobCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not create reconstitution jobs');
    }
    res.json(await store.dryRun(selection, sampleSize));
  });

  return router;
}
