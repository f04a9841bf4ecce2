import express, { Request, Response } from 'express';
import type { AppContext } from '../http/context';

/*
 * GitHub's OAuth web application flow, as documented in "Authorizing OAuth
 * apps": GET /login/oauth/authorize (here: a sign-in page with a login field,
 * standing in for github.com's login and consent pages), then a redirect to
 * redirect_uri with code and state, then POST /login/oauth/access_token.
 * Mounted before the JSON body parser: both POSTs are form-encoded.
 */

const DOCS =
  'https://docs.github.com/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => HTML_ESCAPES[c]);
}

function param(source: unknown, name: string): string | undefined {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** GitHub takes scopes space- or comma-separated and reports them comma-separated. */
function normalizeScope(scope: string | undefined): string {
  return (scope ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .join(',');
}

function isHttpUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

interface PageInput {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  login: string;
  error?: string;
}

function signInPage(input: PageInput): string {
  const hidden = (name: string, value: string) =>
    `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  const error = input.error
    ? `<p role="alert" class="flash-error">${escapeHtml(input.error)}</p>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in to GitHub · GitHub</title></head>
<body>
<main>
<h1>Sign in to GitHub</h1>
<p>to continue to the application <code>${escapeHtml(input.clientId)}</code></p>
${error}
<form method="post" action="/login/oauth/authorize">
${hidden('client_id', input.clientId)}
${hidden('redirect_uri', input.redirectUri)}
${hidden('scope', input.scope)}
${hidden('state', input.state)}
<label for="login_field">Username or email address</label>
<input type="text" id="login_field" name="login" autocomplete="username" autofocus value="${escapeHtml(
    input.login,
  )}">
<button type="submit" name="commit">Sign in</button>
</form>
</main>
</body>
</html>`;
}

/**
 * Chromium applies form-action to the redirect that answers a form post too,
 * so the sign-in form must also be allowed to end up at the application's
 * redirect_uri (another origin), or the browser silently drops the redirect.
 */
function sendPage(
  res: Response,
  status: number,
  html: string,
  redirectUri?: string,
) {
  const formAction = redirectUri
    ? `'self' ${new URL(redirectUri).origin}`
    : "'self'";
  res
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}`,
      'x-frame-options': 'deny',
    })
    .end(html);
}

function errorPage(res: Response, status: number, message: string) {
  sendPage(
    res,
    status,
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>GitHub</title></head><body><h1>${escapeHtml(
      message,
    )}</h1></body></html>`,
  );
}

export function oauthWebFlow(app: AppContext): express.Router {
  const r = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const json = express.json({ limit: '16kb' });

  const knownClient = (clientId: string | undefined): clientId is string =>
    Boolean(clientId) &&
    (!app.identities.oauthApp || app.identities.oauthApp.clientId === clientId);

  /** Checks the query or form of an authorize request; answers if it is bad. */
  const authorizeInput = (
    source: unknown,
    res: Response,
  ): PageInput | undefined => {
    const clientId = param(source, 'client_id');
    if (!knownClient(clientId)) {
      errorPage(
        res,
        404,
        'Not Found: no OAuth application with this client_id',
      );
      return undefined;
    }
    const redirectUri = param(source, 'redirect_uri');
    if (!isHttpUrl(redirectUri)) {
      errorPage(
        res,
        400,
        'The redirect_uri MUST be an absolute http(s) URL of this application.',
      );
      return undefined;
    }
    return {
      clientId,
      redirectUri,
      scope: normalizeScope(param(source, 'scope')),
      state: param(source, 'state') ?? '',
      login: param(source, 'login') ?? '',
    };
  };

  r.get('/login/oauth/authorize', (req: Request, res: Response) => {
    const input = authorizeInput(req.query, res);
    if (input) sendPage(res, 200, signInPage(input), input.redirectUri);
  });

  r.post('/login/oauth/authorize', form, (req: Request, res: Response) => {
    const input = authorizeInput(req.body, res);
    if (!input) return;
    const user = input.login.trim()
      ? app.identities.user(input.login.trim())
      : undefined;
    if (!user) {
      sendPage(
        res,
        200,
        signInPage({ ...input, error: 'Incorrect username or password.' }),
        input.redirectUri,
      );
      return;
    }
    const code = app.identities.issueCode({
      login: user.login,
      clientId: input.clientId,
      redirectUri: input.redirectUri,
      scope: input.scope,
    });
    const target = new URL(input.redirectUri);
    target.searchParams.set('code', code);
    if (input.state) target.searchParams.set('state', input.state);
    res.redirect(302, target.toString());
  });

  r.post(
    '/login/oauth/access_token',
    form,
    json,
    (req: Request, res: Response) => {
      const body = { ...(req.query as object), ...(req.body as object) };
      const clientId = param(body, 'client_id');
      const secret = param(body, 'client_secret');
      const reply = (fields: Record<string, string>) => {
        // The response format follows Accept, as on GitHub; form-encoded by default.
        if ((req.header('accept') ?? '').includes('application/json')) {
          res.status(200).json(fields);
        } else {
          res
            .status(200)
            .type('application/x-www-form-urlencoded; charset=utf-8')
            .end(new URLSearchParams(fields).toString());
        }
      };
      const oauthApp = app.identities.oauthApp;
      if (
        !knownClient(clientId) ||
        (oauthApp && oauthApp.clientSecret !== secret)
      ) {
        reply({
          error: 'incorrect_client_credentials',
          error_description:
            'The client_id and/or client_secret passed are incorrect.',
          error_uri: `${DOCS}#incorrect-client-credentials`,
        });
        return;
      }
      const issued = app.identities.redeemCode(
        param(body, 'code') ?? '',
        clientId,
        param(body, 'redirect_uri'),
      );
      if (!issued) {
        reply({
          error: 'bad_verification_code',
          error_description: 'The code passed is incorrect or expired.',
          error_uri: `${DOCS}#bad-verification-code`,
        });
        return;
      }
      reply({
        access_token: issued.token,
        scope: issued.scope,
        token_type: 'bearer',
      });
    },
  );

  return r;
}
