import express from 'express';
import request from 'supertest';
import { jsonBody } from './jsonBody';

function app() {
  const errors: unknown[] = [];
  const server = express();
  server.use(jsonBody({ limit: '1kb' }));
  server.post('/echo', (req, res) => {
    res.json({ got: req.body });
  });
  server.use(
    (
      error: Error & { status?: number },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      errors.push(error);
      res
        .status(error.name === 'InputError' ? 400 : error.status ?? 500)
        .json({ error: { name: error.name, message: error.message } });
    },
  );
  return { server, errors };
}

describe('jsonBody', () => {
  it('parses a JSON body', async () => {
    const { server } = app();
    const res = await request(server).post('/echo').send({ a: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ got: { a: 1 } });
  });

  it('turns malformed JSON into a 400 that does not carry the body', async () => {
    const { server, errors } = app();
    const secret = `{"card": "4111-SECRET-${'x'.repeat(100)}`;
    const res = await request(server)
      .post('/echo')
      .set('content-type', 'application/json')
      .send(secret);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid request: body: /);
    expect(JSON.stringify(res.body)).not.toContain('SECRET');
    expect(errors).toHaveLength(1);
    expect(errors[0]).not.toHaveProperty('body');
  });

  it('leaves other body-parser errors as they are (413 over the limit)', async () => {
    const { server, errors } = app();
    const res = await request(server)
      .post('/echo')
      .send({ big: 'y'.repeat(2048) });
    expect(res.status).toBe(413);
    expect((errors[0] as { type?: string }).type).toBe('entity.too.large');
  });
});
