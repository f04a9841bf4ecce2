import type { Server } from 'node:http';

/** A route as the fuzzer calls it: method and path template under the backend root. */
export interface FuzzRoute {
  /** Upper case, e.g. `GET`. */
  method: string;
  /** Full path template, e.g. `/api/dead-letter/messages/:id`. */
  path: string;
}

/** What a walk over a backend's express routers found. */
export interface RouteListing {
  routes: FuzzRoute[];
  /**
   * Routes and mounts whose path the fuzzer cannot build requests for
   * (regular expressions, wildcards, optional parameters, `router.all`).
   * A plugin that adds one must fix it or teach the fuzzer.
   */
  unfuzzable: string[];
}

// The express 4 internals the walk reads; they are not part of its types.
interface ExpressLayer {
  handle?: { stack?: ExpressLayer[] };
  regexp?: RegExp & { fast_slash?: boolean };
  keys?: unknown[];
  route?: {
    path: unknown;
    methods: Record<string, boolean>;
  };
}

/** Routes Backstage adds to every plugin (auth, permission integration). */
const FRAMEWORK = ['/.backstage/', '/.well-known/backstage/'];

const MOUNT_SUFFIX = '\\/?(?=\\/|$)';
const SPECIAL = new Set([...'()[]{}*+?|^$.\\']);

/**
 * The literal path an express 4 mount layer matches (`router.use('/x', r)`),
 * read back from the regular expression express compiled it into;
 * undefined when the mount has parameters or patterns.
 */
function mountPath(layer: ExpressLayer): string | undefined {
  const regexp = layer.regexp;
  if (!regexp) return undefined;
  if (regexp.fast_slash) return '';
  if ((layer.keys ?? []).length > 0) return undefined;
  const source = regexp.source;
  if (!source.startsWith('^') || !source.endsWith(MOUNT_SUFFIX)) {
    return undefined;
  }
  const body = source.slice(1, -MOUNT_SUFFIX.length);
  let path = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') {
      i++;
      path += body[i];
    } else if (SPECIAL.has(char)) {
      return undefined;
    } else {
      path += char;
    }
  }
  return path;
}

/** Literal segments and `:name` parameters only. */
function isPlainTemplate(path: string): boolean {
  return path
    .split('/')
    .slice(1)
    .every(
      segment =>
        /^:[A-Za-z0-9_]+$/.test(segment) || /^[A-Za-z0-9_.~-]*$/.test(segment),
    );
}

function walk(
  stack: ExpressLayer[],
  prefix: string,
  listing: RouteListing,
): void {
  for (const layer of stack) {
    if (layer.route) {
      const { path, methods } = layer.route;
      const names = Object.keys(methods).filter(m => methods[m]);
      if (
        typeof path !== 'string' ||
        !isPlainTemplate(path) ||
        names.includes('_all')
      ) {
        listing.unfuzzable.push(
          `${names.join(',').toUpperCase()} ${prefix}${String(path)}`,
        );
        continue;
      }
      for (const method of names) {
        listing.routes.push({
          method: method.toUpperCase(),
          path: `${prefix}${path}`,
        });
      }
    } else if (layer.handle?.stack) {
      const mount = mountPath(layer);
      if (mount === undefined) {
        listing.unfuzzable.push(`mount ${prefix}${String(layer.regexp)}`);
        continue;
      }
      walk(layer.handle.stack, `${prefix}${mount}`, listing);
    }
  }
}

/**
 * Every route a test backend serves under `/api/<pluginId><prefix>`, read
 * from the express routers themselves, so a route added later is found
 * without anyone listing it. The routes Backstage itself adds to every
 * plugin are left out.
 */
export function listRoutes(
  server: Server,
  pluginId: string,
  prefix = '',
): RouteListing {
  const [app] = server.listeners('request') as Array<{
    _router?: { stack: ExpressLayer[] };
  }>;
  if (!app?._router) {
    throw new Error('The server does not serve an express 4 application');
  }
  const all: RouteListing = { routes: [], unfuzzable: [] };
  walk(app._router.stack, '', all);
  const base = `/api/${pluginId}`;
  const within = (path: string) =>
    path.includes(`${base}${prefix}`) &&
    !FRAMEWORK.some(framework => path.includes(`${base}${framework}`));
  const seen = new Set<string>();
  return {
    routes: all.routes.filter(route => {
      const key = `${route.method} ${route.path}`;
      if (!route.path.startsWith(`${base}${prefix}`) || !within(route.path)) {
        return false;
      }
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
    unfuzzable: all.unfuzzable.filter(within),
  };
}

/** Whether express would hand `rawPath` to the route of this template. */
export function routeMatches(template: string, rawPath: string): boolean {
  const path = rawPath.split('?')[0].replace(/\/$/, '');
  const templateSegments = template.split('/');
  const segments = path.split('/');
  if (templateSegments.length !== segments.length) return false;
  return templateSegments.every((t, i) =>
    t.startsWith(':')
      ? segments[i].length > 0
      : t.toLowerCase() === segments[i].toLowerCase(),
  );
}
