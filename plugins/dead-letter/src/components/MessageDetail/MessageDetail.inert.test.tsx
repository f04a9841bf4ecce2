import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  base64,
  makeMessage,
} from '../../testing/FakeDeadLetterApi';
import { MessageDetail } from './MessageDetail';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const SVG = '<svg onload=alert(3)></svg>';
const IFRAME = '<iframe src="javascript:alert(4)"></iframe>';
const LINK = '<a href="javascript:alert(5)">click</a>';
const HOSTILE = `${SCRIPT}${IMG}${SVG}${IFRAME}${LINK}`;

function renderDetail(api: FakeDeadLetterApi, id: string) {
  return renderInTestApp(
    <MessageDetail
      id={id}
      messageHref={other => `/dead-letter/messages/${other}`}
    />,
    {
      apis: [[deadLetterApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/**
 * Whatever markup a message carries, the page holds no element or attribute
 * that came from it: no scripts, images, frames, SVG, links to javascript:,
 * and no event handler attributes anywhere.
 */
function expectInert() {
  expect(
    document.querySelectorAll('script, img, iframe, object, embed'),
  ).toHaveLength(0);
  expect(document.querySelectorAll('svg[onload]')).toHaveLength(0);
  expect(document.querySelectorAll('a[href^="javascript:"]')).toHaveLength(0);
  const handlers = Array.from(document.querySelectorAll('*')).flatMap(el =>
    el
      .getAttributeNames()
      .filter(name => name.toLowerCase().startsWith('on'))
      .map(name => `${el.tagName.toLowerCase()}[${name}]`),
  );
  expect(handlers).toEqual([]);
  expect(document.body.innerHTML).not.toMatch(/<(script|img|iframe)\b/i);
}

function body() {
  return screen.findByTestId('message-body');
}

describe('MessageDetail with hostile content', () => {
  it('shows markup in a JSON body as text in every view', async () => {
    const json = JSON.stringify({ note: HOSTILE, nested: { html: IMG } });
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'j1',
          bodyEncoding: 'json',
          contentType: 'text/html',
          bodyBase64: base64(json),
        }),
      ],
    });
    renderDetail(api, 'j1');

    const pretty = await body();
    expect(pretty.textContent).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    expect(pretty.children).toHaveLength(0);
    expectInert();

    fireEvent.click(screen.getByRole('button', { name: 'Raw' }));
    expect((await body()).textContent).toBe(json);
    expectInert();

    fireEvent.click(screen.getByRole('button', { name: 'Hex' }));
    expect((await body()).textContent).toContain('|{"note":"<script|');
    expectInert();
  });

  it('shows markup in a binary body as text', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(HOSTILE),
      0xff,
      0xfe,
      0x00,
    ]);
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'b1',
          bodyEncoding: 'binary',
          contentType: 'application/octet-stream',
          bodyBase64: btoa(String.fromCharCode(...bytes)),
        }),
      ],
    });
    renderDetail(api, 'b1');
    expect((await body()).textContent).toContain('|<script>alert(1');
    expectInert();

    fireEvent.click(screen.getByRole('button', { name: 'As text' }));
    expect((await body()).textContent).toContain(HOSTILE);
    expectInert();
  });

  it('shows markup in headers, properties, summary and death history as text', async () => {
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'h1',
          bodyEncoding: 'text',
          bodyBase64: base64('plain'),
          messageId: SCRIPT,
          messageType: IMG,
          exceptionType: SVG,
          contentType: IFRAME,
          reason: LINK,
          sourceQueue: `orders.${SCRIPT}`,
          deadLetterQueue: `dlq.${IMG}`,
          originalExchange: IFRAME,
          originalRoutingKeys: [LINK, SCRIPT],
          replayCount: 1,
          replayJobId: SCRIPT,
          headers: {
            [SCRIPT]: IMG,
            'x-note': HOSTILE,
            'x-nested': { inner: [SVG, { deeper: LINK }] },
            'x-binary': { $binary: base64(SCRIPT) },
          },
          properties: { correlationId: IFRAME, replyTo: LINK },
          deathHistory: [
            {
              queue: SCRIPT,
              reason: IMG,
              count: 1,
              exchange: SVG,
              routingKeys: [LINK],
            },
          ],
        }),
      ],
    });
    renderDetail(api, 'h1');

    const headers = await screen.findByRole('table', { name: 'Headers' });
    expect(within(headers).getByText(SCRIPT)).toBeInTheDocument();
    expect(within(headers).getByText(IMG)).toBeInTheDocument();
    expect(within(headers).getByText(HOSTILE)).toBeInTheDocument();
    expect(
      within(headers).getByText(/"deeper": "<a href=\\"javascript:alert\(5\)/),
    ).toBeInTheDocument();

    const properties = screen.getByRole('table', { name: 'Properties' });
    expect(within(properties).getByText(IFRAME)).toBeInTheDocument();
    expect(within(properties).getByText(LINK)).toBeInTheDocument();

    const summary = screen.getByRole('table', { name: 'Message summary' });
    expect(within(summary).getByText(SCRIPT)).toBeInTheDocument();
    expect(within(summary).getByText(`orders.${SCRIPT}`)).toBeInTheDocument();
    expect(within(summary).getByText(`dlq.${IMG}`)).toBeInTheDocument();
    expect(within(summary).getByText(`${LINK}, ${SCRIPT}`)).toBeInTheDocument();

    const history = screen.getByRole('table', { name: 'Death history' });
    const row = within(history).getAllByRole('row')[1];
    expect(within(row).getByText(SCRIPT)).toBeInTheDocument();
    expect(within(row).getByText(IMG)).toBeInTheDocument();
    expect(within(row).getByText(SVG)).toBeInTheDocument();
    expect(within(row).getByText(LINK)).toBeInTheDocument();

    // The replay job id comes from a header anyone can set.
    expect(screen.getByText(`Replay job ${SCRIPT}`)).toBeInTheDocument();

    expect(screen.getAllByText(IMG).length).toBeGreaterThan(1);
    expectInert();
  });
});
