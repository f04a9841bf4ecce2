/** Humio did not answer usefully: down, unreachable, too slow, or it refused the token. */
export class HumioUnavailableError extends Error {
  name = 'HumioUnavailableError';
}

/** Humio refused the query or its repository (HTTP 400 / 404): the query or annotation needs fixing. */
export class HumioQueryError extends Error {
  name = 'HumioQueryError';
}

/** An event or aggregate row as Humio's JSON answer has it. */
export type HumioRow = Record<string, unknown>;

const MAX_ERROR_TEXT = 300;

/**
 * Humio's search API (`POST /api/v1/repositories/{repo}/query`, static
 * queries, JSON answers) with the portal's token. The token only ever goes
 * into the Authorization header; messages built from Humio's answers have
 * it removed in case Humio echoes it.
 */
export class HumioClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      token: string;
      timeoutMs: number;
    },
  ) {}

  /** Runs a static query over `start` (a relative time such as `1h`) until now. */
  async query(
    repository: string,
    queryString: string,
    start: string,
  ): Promise<HumioRow[]> {
    const url = `${
      this.options.baseUrl
    }/api/v1/repositories/${encodeURIComponent(repository)}/query`;
    const res = await this.request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.options.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ queryString, start, end: 'now', isLive: false }),
    });
    if (res.ok) {
      const body = await res.json().catch(() => undefined);
      if (!Array.isArray(body)) {
        throw new HumioUnavailableError(
          'Humio answered the query with something other than a JSON array',
        );
      }
      return body as HumioRow[];
    }
    const text = await this.errorText(res);
    if (res.status === 400) {
      throw new HumioQueryError(`Humio refused the query: ${text}`);
    }
    if (res.status === 404) {
      throw new HumioQueryError(
        `Humio does not know the repository '${repository}' (or the token may not read it): ${text}`,
      );
    }
    if (res.status === 401 || res.status === 403) {
      throw new HumioUnavailableError(
        `Humio refused the portal's token (HTTP ${res.status}); check humio.token`,
      );
    }
    throw new HumioUnavailableError(
      `Humio answered HTTP ${res.status}${text ? `: ${text}` : ''}`,
    );
  }

  /** Humio's unauthenticated status endpoint: is it up at all? */
  async status(): Promise<void> {
    const res = await this.request(`${this.options.baseUrl}/api/v1/status`, {
      headers: { accept: 'application/json' },
    });
    if (!res.ok) {
      const text = await this.errorText(res);
      throw new HumioUnavailableError(
        `Humio answered HTTP ${res.status}${text ? `: ${text}` : ''}`,
      );
    }
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (e) {
      const error = e as Error & { cause?: { code?: string } };
      if (error.name === 'TimeoutError' || error.name === 'AbortError') {
        throw new HumioUnavailableError(
          `Humio did not answer within ${this.options.timeoutMs} ms`,
        );
      }
      const code = error.cause?.code ? ` (${error.cause.code})` : '';
      throw new HumioUnavailableError(
        `Humio could not be reached at ${this.options.baseUrl}${code}`,
      );
    }
  }

  private async errorText(res: Response): Promise<string> {
    const text = (await res.text().catch(() => '')).trim();
    return this.redact(text).slice(0, MAX_ERROR_TEXT);
  }

  private redact(text: string): string {
    return this.options.token
      ? text.split(this.options.token).join('***')
      : text;
  }
}
