import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  parseQueueAnnotation,
  queueRegistryReassignPermission,
  RABBITMQ_QUEUES_ANNOTATION,
} from '@internal/backstage-plugin-queue-registry-common';
import { parseRequest } from '@internal/backstage-plugin-portal-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { QueueRegistryStore } from './QueueRegistryStore';

const reassignBodySchema = z
  .object({
    entityRef: z
      .string({ required_error: 'name the component' })
      .min(1, 'name the component')
      .max(512, 'at most 512 characters'),
  })
  .strict();

// The catalog's own rules: a ref they refuse names no entity, and its
// characters (NUL above all) never reach the database.
const validator = makeValidator();

/** Routes under the catalog's own (`/api/catalog/queue-registry/...`). */
export function createQueueRegistryRouter(options: {
  store: QueueRegistryStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): express.Router {
  const { store, httpAuth, permissions, auditor } = options;
  const router = Router();
  router.use('/queue-registry', express.json({ limit: '16kb' }));

  router.get('/queue-registry/queues', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await store.list());
  });

  router.post('/queue-registry/queues/:queue/reassign', async (req, res) => {
    const queue = req.params.queue;
    const parsed = parseQueueAnnotation(queue);
    if (parsed.queues.length !== 1 || parsed.queues[0] !== queue) {
      throw new InputError(
        'Invalid request: queue: not a queue name (letters, digits and . _ : - /, at most 255)',
      );
    }
    const body = parseRequest(reassignBodySchema, req.body ?? {});
    let entityRef: string;
    try {
      const ref = parseEntityRef(body.entityRef, { defaultKind: 'component' });
      if (
        ref.kind.toLocaleLowerCase('en-US') !== 'component' ||
        !validator.isValidNamespace(ref.namespace) ||
        !validator.isValidEntityName(ref.name)
      ) {
        throw new Error('not a component entity ref');
      }
      entityRef = stringifyEntityRef(ref).toLocaleLowerCase('en-US');
    } catch {
      throw new InputError(
        'Invalid request: entityRef: must be a component entity ref, e.g. component:default/payments-service',
      );
    }

    // People only: a service must not move ownership on anyone's behalf.
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const event = await auditor.createEvent({
      eventId: 'queue-reassign',
      severityLevel: 'high',
      request: req,
      meta: { queue, entityRef },
    });
    try {
      const [decision] = await permissions.authorize(
        [{ permission: queueRegistryReassignPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          'Only the platform team may reassign a queue',
        );
      }
      const entity = (await store.catalogEntities([entityRef])).get(entityRef);
      if (!entity) {
        throw new InputError(
          `Invalid request: entityRef: ${entityRef} is not in the catalog`,
        );
      }
      if (!entity.declaredQueues.includes(queue)) {
        throw new InputError(
          `Invalid request: entityRef: ${entityRef} does not declare ${queue} in ${RABBITMQ_QUEUES_ANNOTATION}`,
        );
      }
      const { previousRef } = await store.reassign({
        queue,
        entityRef,
        location: entity.location,
      });
      // Each entity's processing errors follow the queue.
      await store.refreshEntities(
        previousRef ? [entityRef, previousRef] : [entityRef],
      );
      await event.success({ meta: { previousRef: previousRef ?? null } });
      res.json({ queue, entityRef, previousRef: previousRef ?? null });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
