import type { LocalHumio } from '../server';

/** Thin fetch wrappers over the local Humio's HTTP API, for the tests. */
export function client(humio: LocalHumio, apiToken: string) {
  const call = async (
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; accept?: string } = {},
  ) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
    };
    const token = options.token === undefined ? apiToken : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (options.accept) headers.accept = options.accept;
    let body: string | undefined;
    if (options.body !== undefined) {
      body =
        typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    }
    const res = await fetch(`${humio.url}${path}`, { method, headers, body });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  return {
    call,
    ingest: (token: string | null, body: unknown) =>
      call('POST', '/api/v1/ingest/humio-structured', { body, token }),
    /** POST /query with Accept: application/json; `rows` when 200. */
    async query(
      repo: string,
      body: Record<string, unknown> | string,
      options: { token?: string | null; accept?: string } = {},
    ) {
      const res = await call('POST', `/api/v1/repositories/${repo}/query`, {
        body,
        token: options.token,
        accept: options.accept ?? 'application/json',
      });
      const rows =
        res.status === 200 &&
        (options.accept ?? 'application/json') === 'application/json'
          ? (JSON.parse(res.text) as Array<Record<string, any>>)
          : [];
      return { ...res, rows };
    },
  };
}
