import type { Handler, RouteDef } from './context';
import type { RateLimitResource } from '../data/model';

interface CompiledRoute {
  route: RouteDef;
  regex: RegExp;
  names: string[];
}

export function route(
  method: RouteDef['method'],
  pattern: string,
  resource: RateLimitResource | null,
  docs: string,
  handler: Handler,
): RouteDef {
  return { method, pattern, resource, docs, handler };
}

/**
 * Matches GitHub-style path templates: `{name}` is one segment, `{name+}`
 * one or more (branch names and file paths contain slashes) and `/{name*}`
 * an optional tail (contents of the root directory).
 */
export class Router {
  private readonly compiled: CompiledRoute[] = [];

  add(...routes: RouteDef[]): this {
    for (const r of routes) {
      const names: string[] = [];
      // One pass, so that names line up with capture groups by position.
      const source = r.pattern
        .replace(/[.]/g, '\\.')
        .replace(
          /(\/)?\{(\w+)([*+]?)\}/g,
          (_, slash: string | undefined, n: string, kind: string) => {
            names.push(n);
            if (kind === '*') return `(?:${slash ?? ''}(.*))?`;
            return `${slash ?? ''}${kind === '+' ? '(.+)' : '([^/]+)'}`;
          },
        );
      this.compiled.push({
        route: r,
        regex: new RegExp(`^${source}/?$`),
        names,
      });
    }
    return this;
  }

  match(
    method: string,
    path: string,
  ): { route: RouteDef; params: Record<string, string> } | undefined {
    for (const c of this.compiled) {
      if (
        c.route.method !== method &&
        !(method === 'HEAD' && c.route.method === 'GET')
      ) {
        continue;
      }
      const m = c.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      try {
        c.names.forEach((n, i) => {
          params[n] = decodeURIComponent(m[i + 1] ?? '');
        });
      } catch {
        continue;
      }
      return { route: c.route, params };
    }
    return undefined;
  }
}
