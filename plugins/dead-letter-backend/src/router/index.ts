import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AmqpEnvironments } from '@internal/amqp-node';
import { jsonBody } from '@internal/backstage-plugin-portal-node';
import express from 'express';
import Router from 'express-promise-router';
import { ApprovalService } from '../approvals/ApprovalService';
import { CaptureService } from '../capture/CaptureService';
import { QueueDiscovery } from '../capture/QueueDiscovery';
import { DeadLetterDatabase } from '../database';
import { BodyAccessService } from '../services/BodyAccess';
import { DeadLetterActions } from '../services/DeadLetterActions';
import { DeadLetterReader } from '../services/DeadLetterReader';
import { QueueOwners, ReplayTargets } from '../services/ReplayTargets';
import { addApprovalRoutes } from './approvals';
import { environmentChecker, RouteContext } from './context';
import { addMessageRoutes } from './messages';
import { addReplayRoutes } from './replays';
import { addStatusRoutes } from './status';

/**
 * The plugin's HTTP API: validates requests and maps them to the reader,
 * the actions and the approvals services, which decide and audit.
 */
export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  database: DeadLetterDatabase;
  capture: CaptureService;
  discovery?: QueueDiscovery;
  amqp: AmqpEnvironments;
  environments: string[];
  /** Who reads message content; without it, everyone who reads dead letters. */
  bodyAccess?: BodyAccessService;
  /** Most messages one replay job may take by filter. */
  maxJobSize?: number;
  /** The queue registry's owners: replay destinations are limited to the actor's. */
  queueOwners?: QueueOwners;
  /** Four eyes: large production replays and discards wait for approval. */
  approvals?: ApprovalService;
}): Promise<express.Router> {
  const { auditor, permissions, database, environments, approvals } = options;
  const bodyAccess =
    options.bodyAccess ??
    BodyAccessService.create({
      permissions,
      auditor,
      environments: environments.map(name => ({
        name,
        bodyAccess: 'everyone' as const,
      })),
    });
  const replayTargets = ReplayTargets.create({
    permissions,
    owners: options.queueOwners,
  });
  const context: RouteContext = {
    httpAuth: options.httpAuth,
    replayTargets,
    checkEnvironment: environmentChecker(environments),
    reader: new DeadLetterReader({
      permissions,
      database,
      bodyAccess,
      replayTargets,
      capture: options.capture,
      discovery: options.discovery,
      amqp: options.amqp,
      environments,
    }),
    actions: new DeadLetterActions({
      auditor,
      permissions,
      database,
      bodyAccess,
      replayTargets,
      approvals,
      maxJobSize: options.maxJobSize ?? 100_000,
    }),
  };

  const router = Router();
  // 10,000 message ids are about 400 KB of JSON.
  router.use(jsonBody({ limit: '1mb' }));
  addMessageRoutes(router, context);
  addReplayRoutes(router, context);
  if (approvals) {
    addApprovalRoutes(router, { ...context, approvals });
  }
  addStatusRoutes(router, context);
  return router;
}
