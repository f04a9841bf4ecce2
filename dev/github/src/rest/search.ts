import type { RouteDef } from '../http/context';
import { paginate, sendError, sendJson } from '../http/responses';
import { route } from '../http/router';
import { searchPulls, SearchValidationError } from '../search/issues';
import { urlsOf } from './common';
import { issueSearchItem } from './pullShapes';
import { validationFailed } from './repos';

const DOCS =
  'https://docs.github.com/rest/search/search#search-issues-and-pull-requests';

/** GitHub serves at most the first 1,000 results of any search. */
const MAX_RESULTS = 1000;

export const searchRoutes: RouteDef[] = [
  route('GET', '/search/issues', 'search', DOCS, ctx => {
    const q = ctx.query.get('q') ?? '';
    let result;
    try {
      result = searchPulls(ctx.app.store, q, {
        field: ctx.query.get('sort'),
        order: ctx.query.get('order'),
      });
    } catch (e) {
      if (e instanceof SearchValidationError) {
        validationFailed(
          ctx,
          [
            e.code === 'missing'
              ? { resource: 'Search', field: 'q', code: 'missing' }
              : {
                  message: e.message,
                  resource: 'Search',
                  field: 'q',
                  code: 'invalid',
                },
          ],
          'https://docs.github.com/v3/search/',
        );
        return;
      }
      throw e;
    }
    const perPage = Math.min(
      100,
      Math.max(1, Number(ctx.query.get('per_page')) || 30),
    );
    const pageNo = Math.max(1, Number(ctx.query.get('page')) || 1);
    if ((pageNo - 1) * perPage >= MAX_RESULTS) {
      sendError(
        ctx,
        422,
        'Only the first 1000 search results are available',
        DOCS,
      );
      return;
    }
    const page = paginate(ctx, result.total, '/search/issues', {
      maxTotal: MAX_RESULTS,
    });
    const store = ctx.app.store;
    sendJson(ctx, {
      total_count: result.total,
      incomplete_results: false,
      items: result.hits
        .slice(page.start, page.end)
        .map(h =>
          issueSearchItem(
            urlsOf(ctx),
            store,
            store.repo(h.index).record,
            h.pull,
          ),
        ),
    });
  }),
];
