import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { Request, Router } from 'express';
import { z } from 'zod/v3';
import { ApprovalService } from './ApprovalService';

// eslint-disable-next-line no-control-regex
const NO_NUL = /^[^\u0000]*$/;

const listQuerySchema = z
  .object({
    environment: z.string().max(100).optional(),
    state: z
      .enum(['awaiting-approval', 'approved', 'refused', 'expired'])
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const paramsSchema = z
  .object({ id: z.string().uuid('must be an approval request id') })
  .strict();

const approveBodySchema = z.object({}).strict();

const refuseBodySchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'say why the request is refused')
      .max(500, 'at most 500 characters')
      .regex(NO_NUL, 'must not contain NUL characters'),
  })
  .strict();

/**
 * The four-eyes routes: list requests (with whether the caller may decide
 * each), approve, refuse. Decisions are the service's.
 */
export function addApprovalRoutes(
  router: Router,
  options: {
    approvals: ApprovalService;
    httpAuth: HttpAuthService;
    authorizeRead: (req: Request) => Promise<BackstageCredentials>;
    parse: <T extends z.ZodTypeAny>(schema: T, input: unknown) => z.infer<T>;
  },
) {
  const { approvals, httpAuth, authorizeRead, parse } = options;

  router.get('/approvals', async (req, res) => {
    const query = parse(listQuerySchema, req.query);
    const credentials = await authorizeRead(req);
    res.json({
      items: await approvals.list(credentials, {
        environment: query.environment,
        states: query.state ? [query.state] : undefined,
        limit: query.limit,
      }),
    });
  });

  router.get('/approvals/:id', async (req, res) => {
    const { id } = parse(paramsSchema, req.params);
    const credentials = await authorizeRead(req);
    res.json({ approval: await approvals.get(credentials, id) });
  });

  router.post('/approvals/:id/approve', async (req, res) => {
    const { id } = parse(paramsSchema, req.params);
    parse(approveBodySchema, req.body ?? {});
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ approval: await approvals.approve(req, credentials, id) });
  });

  router.post('/approvals/:id/refuse', async (req, res) => {
    const { id } = parse(paramsSchema, req.params);
    const { reason } = parse(refuseBodySchema, req.body);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({
      approval: await approvals.refuse(req, credentials, id, reason),
    });
  });
}
