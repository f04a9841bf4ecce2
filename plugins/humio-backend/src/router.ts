import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_HUMIO_LOG_LIMIT,
  DEFAULT_HUMIO_LOG_RANGE,
  HUMIO_LOG_RANGES,
  humioLogsReadPermission,
  MAX_HUMIO_LOG_LIMIT,
} from '@internal/backstage-plugin-humio-common';
import {
  entityNameSchema,
  parseRequest,
} from '@internal/backstage-plugin-portal-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { LogsService } from './services/LogsService';
import { MAX_FILTER_LENGTH } from './services/query';

const entityParamsSchema = z.object({
  namespace: entityNameSchema,
  kind: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9]{0,62}$/, 'must be an entity kind'),
  name: entityNameSchema,
});

// Express gives arrays for repeated parameters (`?range=1h&range=7d`).
const single = <T extends z.ZodTypeAny>(schema: T) =>
  z.string({ invalid_type_error: 'must be given once' }).pipe(schema);

const logsQuerySchema = z.object({
  range: single(
    z.enum(HUMIO_LOG_RANGES, {
      errorMap: () => ({
        message: `must be one of ${HUMIO_LOG_RANGES.join(', ')}`,
      }),
    }),
  ).default(DEFAULT_HUMIO_LOG_RANGE),
  limit: single(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, 'must be at least 1')
          .max(MAX_HUMIO_LOG_LIMIT, `must be at most ${MAX_HUMIO_LOG_LIMIT}`),
      ),
  ).default(String(DEFAULT_HUMIO_LOG_LIMIT)),
  filter: single(
    z
      .string()
      .max(
        MAX_FILTER_LENGTH,
        `must be at most ${MAX_FILTER_LENGTH} characters`,
      ),
  ).optional(),
});

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  logs: LogsService;
}): Promise<express.Router> {
  const { httpAuth, permissions, catalog, logs } = options;
  const router = Router();

  /**
   * Whether the backend reaches Humio. Not about one entity: anyone the
   * policy does not flatly deny `humio.logs.read` may ask.
   */
  router.get('/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: humioLogsReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('You may not read logs from Humio');
    }
    res.json(await logs.status());
  });

  /**
   * An entity's recent events and counts. Not configured and a query Humio
   * refuses are 200s with their own `status`; Humio not answering is a 503.
   */
  router.get('/entities/:namespace/:kind/:name/logs', async (req, res) => {
    const params = parseRequest(entityParamsSchema, req.params, 'params');
    const query = parseRequest(logsQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const entityRef = stringifyEntityRef(params);
    // As the caller: entities they may not see in the catalog are unknown.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const [decision] = await permissions.authorize(
      [
        {
          permission: humioLogsReadPermission,
          resourceRef: stringifyEntityRef(entity),
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not read the logs of ${entityRef}`);
    }
    res.json(await logs.forEntity(entity, query));
  });

  return router;
}
