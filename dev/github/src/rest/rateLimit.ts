import type { RouteDef } from '../http/context';
import { sendJson } from '../http/responses';
import { route } from '../http/router';

export const rateLimitRoutes: RouteDef[] = [
  route(
    'GET',
    '/rate_limit',
    null,
    'https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user',
    ctx => {
      const limiter = ctx.app.limiter;
      const shape = (r: 'core' | 'graphql' | 'search') => {
        const s = limiter.peek(r);
        return {
          limit: s.limit,
          used: s.used,
          remaining: s.remaining,
          reset: s.reset,
        };
      };
      const core = shape('core');
      ctx.res.setHeader('cache-control', 'no-cache');
      sendJson(ctx, {
        resources: { core, search: shape('search'), graphql: shape('graphql') },
        rate: core,
      });
    },
  ),
];
