import { spawn } from 'child_process';
import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../http/context';

/*
 * Git's smart HTTP protocol for created repositories, served by git itself
 * (`git http-backend` as a CGI program) so that pushes and clones behave
 * exactly as git expects. Mounted before the JSON body parser: pack data
 * must reach git untouched.
 */

const GIT_PATH =
  /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

/**
 * Git clients send the token as a Basic password (any username, GitHub's
 * `x-access-token` included) or as the username; API-style `token`/`Bearer`
 * headers work too, as on GitHub.
 */
export function gitAuthorized(
  header: string | undefined,
  token: string | undefined,
): boolean {
  if (!token) return true;
  const m = /^(basic|token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  if (m[1].toLowerCase() !== 'basic') return m[2] === token;
  const decoded = Buffer.from(m[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  return password === token || (user === token && password === '');
}

function sendText(res: Response, status: number, text: string) {
  res.status(status).setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(text);
}

export function gitSmartHttp(app: AppContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const m = GIT_PATH.exec(req.path);
    if (!m || (req.method !== 'GET' && req.method !== 'POST')) {
      next();
      return;
    }
    const [, owner, name, action] = m;
    const service =
      action === 'info/refs'
        ? new URLSearchParams(req.url.split('?')[1] ?? '').get('service')
        : action;
    const routeKey = `${req.method} /{owner}/{repo}.git/${action}${
      action === 'info/refs' && service ? `?service=${service}` : ''
    }`;
    res.on('finish', () =>
      app.stats.record({
        route: routeKey,
        resource: null,
        status: res.statusCode,
      }),
    );
    res.setHeader('server', 'GitHub Babel 2.0');
    res.setHeader('x-github-request-id', app.nextRequestId());

    if (!gitAuthorized(req.header('authorization'), app.token)) {
      res.setHeader('www-authenticate', 'Basic realm="GitHub"');
      sendText(
        res,
        401,
        req.header('authorization')
          ? 'Invalid username or token. Password authentication is not supported for Git operations.\n'
          : 'Authentication required\n',
      );
      return;
    }
    const store = app.store;
    const repo =
      owner.toLowerCase() === store.org.toLowerCase()
        ? store.createdRepo(name)
        : undefined;
    if (!repo) {
      sendText(res, 404, 'Repository not found.\n');
      return;
    }
    if (
      service !== 'git-upload-pack' &&
      service !== 'git-receive-pack' &&
      action === 'info/refs'
    ) {
      // GitHub serves the smart protocol only.
      sendText(res, 403, 'Please upgrade your git client.\n');
      return;
    }
    runBackend(app, req, res, repo.key, action, () =>
      service === 'git-receive-pack' && req.method === 'POST'
        ? store.refreshCreated(repo).then(changed => {
            if (changed) app.stats.countPush();
          })
        : Promise.resolve(),
    ).catch(next);
  };
}

async function runBackend(
  app: AppContext,
  req: Request,
  res: Response,
  key: string,
  action: string,
  afterExit: () => Promise<void>,
) {
  const bare = app.store.created.bare;
  const query = req.url.includes('?')
    ? req.url.slice(req.url.indexOf('?') + 1)
    : '';
  const env = await bare.env({
    GIT_PROJECT_ROOT: await bare.dir(),
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: `/${key}/${action}`,
    REQUEST_METHOD: req.method,
    QUERY_STRING: query,
    CONTENT_TYPE: req.header('content-type') ?? '',
    REMOTE_USER: 'x-access-token',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    ...(req.header('content-length') !== undefined
      ? { CONTENT_LENGTH: req.header('content-length')! }
      : {}),
    ...(req.header('content-encoding')
      ? { HTTP_CONTENT_ENCODING: req.header('content-encoding')! }
      : {}),
    ...(req.header('git-protocol')
      ? { HTTP_GIT_PROTOCOL: req.header('git-protocol')! }
      : {}),
  });
  const child = spawn('git', ['http-backend'], { env });
  res.on('close', () => {
    if (child.exitCode === null) child.kill();
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  const stderr: Buffer[] = [];
  child.stderr.on('data', (c: Buffer) => stderr.push(c));

  // CGI output: headers (with a Status: line), a blank line, then the body.
  let head = Buffer.alloc(0);
  let headersDone = false;
  const writeHeaders = (raw: string) => {
    let status = 200;
    for (const line of raw.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const field = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (field.toLowerCase() === 'status') status = parseInt(value, 10);
      else res.setHeader(field, value);
    }
    res.status(status);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf('\r\n\r\n');
    const lf = head.indexOf('\n\n');
    let end = -1;
    if (crlf >= 0 && (lf < 0 || crlf < lf)) end = crlf + 4;
    else if (lf >= 0) end = lf + 2;
    if (end < 0) return;
    headersDone = true;
    writeHeaders(head.subarray(0, end).toString('latin1'));
    const rest = head.subarray(end);
    if (rest.length) res.write(rest);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 && !headersDone && !res.headersSent) {
    // eslint-disable-next-line no-console
    console.error(
      'local GitHub: git http-backend failed',
      Buffer.concat(stderr).toString(),
    );
    sendText(res, 500, 'Internal Server Error\n');
    return;
  }
  // The push's result reaches the client only once the API shows it.
  await afterExit();
  res.end();
}
