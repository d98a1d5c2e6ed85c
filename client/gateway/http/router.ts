/** A tiny method + path router: `/recordings/:recordId/stop` patterns, decoded parameters, no framework. */
import { type IncomingMessage } from 'node:http';

/** What a handler answers; server.ts writes it as JSON. */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RequestContext {
  readonly request: IncomingMessage;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

export type Handler = (ctx: RequestContext) => Promise<Reply>;

export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Literal segments and `:name` parameters, e.g. `/recordings/:recordId`. */
  readonly path: string;
  readonly handler: Handler;
}

export type Match =
  | { readonly kind: 'found'; readonly handler: Handler; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' }
  /** A parameter was not valid percent-encoding. */
  | { readonly kind: 'bad-path' };

function matchPath(pattern: string, segments: readonly string[]): Record<string, string> | undefined | 'bad' {
  const parts = pattern.split('/').filter((p) => p !== '');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    const segment = segments[i] as string;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return 'bad';
      }
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

/** The route for `method` and `pathname`, or why there is none (404 vs 405). */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): Match {
  const segments = pathname.split('/').filter((s) => s !== '');
  const allow: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (params === 'bad') return { kind: 'bad-path' };
    if (params === undefined) continue;
    if (route.method === method) return { kind: 'found', handler: route.handler, params };
    allow.push(route.method);
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
}
