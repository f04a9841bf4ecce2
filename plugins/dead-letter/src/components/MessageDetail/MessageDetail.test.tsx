import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  base64,
  makeMessage,
} from '../../testing/FakeDeadLetterApi';
import { rootRouteRef } from '../../routes';
import { MessageDetail } from './MessageDetail';

function renderDetail(api: FakeDeadLetterApi, id: string) {
  return renderInTestApp(
    <MessageDetail
      id={id}
      messageHref={other => `/dead-letter/messages/${other}`}
    />,
    {
      apis: [[deadLetterApiRef, api]],
      mountedRoutes: {
        '/dead-letter': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

async function body() {
  return screen.findByTestId('message-body');
}

describe('MessageDetail', () => {
  it('pretty-prints JSON bodies without changing any value', async () => {
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'm1',
          bodyEncoding: 'json',
          bodyBase64: base64('{"account":12345678901234567890,"tags":["a"]}'),
        }),
      ],
    });
    renderDetail(api, 'm1');
    const pre = await body();
    expect(pre.textContent).toBe(
      '{\n  "account": 12345678901234567890,\n  "tags": [\n    "a"\n  ]\n}',
    );

    // The raw view shows the bytes as sent.
    fireEvent.click(screen.getByRole('button', { name: 'Raw' }));
    expect((await body()).textContent).toBe(
      '{"account":12345678901234567890,"tags":["a"]}',
    );
  });

  it('shows text bodies as text', async () => {
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'm2',
          bodyEncoding: 'text',
          contentType: 'text/plain',
          bodyBase64: base64('line one\nline two — ünïcode'),
        }),
      ],
    });
    renderDetail(api, 'm2');
    expect((await body()).textContent).toBe('line one\nline two — ünïcode');
  });

  it('shows binary bodies as a hex dump', async () => {
    const bytes = String.fromCharCode(0x00, 0x01, 0x41, 0xff);
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'm3',
          bodyEncoding: 'binary',
          contentType: 'application/octet-stream',
          bodyBase64: btoa(bytes),
        }),
      ],
    });
    renderDetail(api, 'm3');
    const text = (await body()).textContent ?? '';
    expect(text.startsWith('00000000  00 01 41 ff ')).toBe(true);
    expect(text.endsWith('|..A.|')).toBe(true);
    expect(screen.getByRole('button', { name: 'Download body' })).toBeEnabled();
  });

  it('renders a <script> body, headers and properties as literal text', async () => {
    const script = '<script>alert(1)</script>';
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'm4',
          bodyEncoding: 'text',
          bodyBase64: base64(script),
          messageType: '<img src=x onerror=alert(2)>',
          headers: { 'x-note': '<b>bold</b> https://evil.example' },
          properties: { correlationId: '<script>alert(3)</script>' },
        }),
      ],
    });
    const { container } = renderDetail(api, 'm4');
    expect((await body()).textContent).toBe(script);
    expect(screen.getByText('<script>alert(3)</script>')).toBeInTheDocument();
    expect(
      screen.getByText('<b>bold</b> https://evil.example'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('<img src=x onerror=alert(2)>').length,
    ).toBeGreaterThan(0);
    expect(document.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(screen.queryByRole('link', { name: /evil\.example/ })).toBeNull();
  });

  it('shows headers, properties and the death history', async () => {
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'm5',
          headers: {
            'x-first-death-reason': 'rejected',
            'x-retries': 3,
            'x-binary': { $binary: 'AAE=' },
          },
          properties: { messageId: 'msg-42', deliveryMode: 2 },
          deathHistory: [
            {
              queue: 'payments.incoming',
              reason: 'rejected',
              count: 4,
              time: '2024-05-01T10:00:00.000Z',
              exchange: 'payments',
              routingKeys: ['payment.created', 'payment.any'],
            },
          ],
        }),
      ],
    });
    renderDetail(api, 'm5');
    const headers = await screen.findByRole('table', { name: 'Headers' });
    expect(
      within(headers).getByText('x-first-death-reason'),
    ).toBeInTheDocument();
    expect(within(headers).getByText('3')).toBeInTheDocument();
    expect(
      within(headers).getByText('{ "$binary": "AAE=" }', {
        normalizer: text => text.replace(/\s+/g, ' ').trim(),
      }),
    ).toBeInTheDocument();

    const properties = screen.getByRole('table', { name: 'Properties' });
    expect(within(properties).getByText('msg-42')).toBeInTheDocument();

    const history = screen.getByRole('table', { name: 'Death history' });
    const row = within(history).getAllByRole('row')[1];
    expect(within(row).getByText('payments.incoming')).toBeInTheDocument();
    expect(within(row).getByText('4')).toBeInTheDocument();
    expect(within(row).getByText('payments')).toBeInTheDocument();
    expect(
      within(row).getByText('payment.created, payment.any'),
    ).toBeInTheDocument();
  });

  it('links to the previous life of a message that died again', async () => {
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({ id: 'm6', previousMessageId: 'm0', replayCount: 1 }),
      ],
    });
    renderDetail(api, 'm6');
    expect(
      await screen.findByRole('link', { name: /earlier dead letter/ }),
    ).toHaveAttribute('href', '/dead-letter/messages/m0');
  });

  it('cuts bodies over 256 KiB, says so, and offers the download', async () => {
    const big = 'x'.repeat(300 * 1024);
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'm7',
          bodyEncoding: 'text',
          bodyBase64: base64(big),
        }),
      ],
    });
    renderDetail(api, 'm7');
    expect((await body()).textContent).toHaveLength(256 * 1024);
    expect(
      screen.getByText(/only the first 256 KiB are shown/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download body' })).toBeEnabled();
  });

  it('shows the backend error when the message cannot be read', async () => {
    const api = new FakeDeadLetterApi();
    api.getMessage = async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message: 'No dead letter with id nope',
            },
          }),
          {
            status: 404,
            statusText: 'Not Found',
            headers: { 'content-type': 'application/json' },
          },
        ),
      );
    };
    renderDetail(api, 'nope');
    expect(
      await screen.findByText('No dead letter with id nope'),
    ).toBeInTheDocument();
    expect(screen.getByText('(404 NotFoundError)')).toBeInTheDocument();
  });

  it('replays the message from its details', async () => {
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'm8',
          originalExchange: '',
          originalRoutingKeys: ['payments.incoming'],
        }),
      ],
    });
    renderDetail(api, 'm8');
    await screen.findByRole('table', { name: 'Message summary' });
    expect(
      screen.getByRole('table', { name: 'Replay history' }),
    ).toHaveTextContent('ReplayedNever replayed');
    fireEvent.click(screen.getByRole('button', { name: /^Replay$/ }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Replay 1 message',
    });
    expect(
      within(dialog).getByText('Replay this message in prod.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'As first published: exchange (default), routing key payments.incoming',
      ),
    ).toBeInTheDocument();
    fireEvent.click(
      within(dialog).getByRole('button', { name: /^Replay 1 message$/ }),
    );
    const notice = await screen.findByRole('status', { name: 'Replay' });
    expect(api.replayRequests).toEqual([
      { ids: ['m8'], target: { kind: 'original' } },
    ]);
    expect(
      within(notice).getByRole('link', { name: 'View this replay' }),
    ).toHaveAttribute('href', '/dead-letter/replays/job-1');
    // The message was read again: it is now being replayed by that job.
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /^Replay$/ })).toBeDisabled(),
    );
    expect(screen.getAllByText('replaying').length).toBeGreaterThan(0);
    expect(
      within(screen.getByRole('table', { name: 'Replay history' })).getByRole(
        'link',
        { name: 'Replay job job-1' },
      ),
    ).toHaveAttribute('href', '/dead-letter/replays/job-1');
  });

  it('shows the replay history: count, last job and earlier life', async () => {
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'm9',
          state: 'replayed',
          replayCount: 2,
          replayJobId: 'job-9',
          previousMessageId: 'm0',
        }),
      ],
    });
    renderDetail(api, 'm9');
    const history = await screen.findByRole('table', {
      name: 'Replay history',
    });
    expect(history).toHaveTextContent('Replayed2 times');
    expect(
      within(history).getByRole('link', { name: 'Replay job job-9' }),
    ).toHaveAttribute('href', '/dead-letter/replays/job-9');
    expect(
      within(history).getByRole('link', { name: /earlier dead letter/ }),
    ).toHaveAttribute('href', '/dead-letter/messages/m0');
    // Only unresolved messages can be replayed.
    expect(screen.getByRole('button', { name: /^Replay$/ })).toBeDisabled();
  });
});
