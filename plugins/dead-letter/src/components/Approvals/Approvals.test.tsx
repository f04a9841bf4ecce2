import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  backendError,
  makeApproval,
  makeMessage,
} from '../../testing/FakeDeadLetterApi';
import { DeadLetterPage } from '../DeadLetterPage';
import { useMessageActions } from '../MessageActions';
import { useReplay } from '../ReplayDialog';
import { Approvals } from './Approvals';

const ME = 'user:default/john.roe';

/** A catalog with Squad Aura's title (the ref alone would say the same). */
const catalog = {
  getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => ({
    items: entityRefs.map(ref =>
      ref === 'group:default/squad-aura'
        ? {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'squad-aura', title: 'Squad Aura (Payments)' },
          }
        : undefined,
    ),
  }),
};

function render(element: JSX.Element, api: FakeDeadLetterApi) {
  return renderInTestApp(element, {
    apis: [
      [deadLetterApiRef, api],
      [catalogApiRef, catalog],
      mockApis.identity({ userEntityRef: ME }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

jest.setTimeout(30_000);

describe('Approvals', () => {
  it('lists requests, offers Approve and Refuse only where the caller may decide, and shows the decision in place', async () => {
    const api = new FakeDeadLetterApi();
    api.approvals = [
      makeApproval({ id: 'theirs', messageCount: 150, canDecide: true }),
      makeApproval({
        id: 'mine',
        action: 'discard',
        requestedBy: ME,
        messageCount: 120,
        canDecide: false,
      }),
      makeApproval({
        id: 'refused',
        state: 'refused',
        canDecide: false,
        decidedBy: 'user:default/ada',
        reason: 'Not during the <b>freeze</b>',
      }),
    ];
    render(<Approvals />, api);

    const theirs = await screen.findByTestId('approval-theirs');
    await waitFor(() =>
      expect(theirs).toHaveTextContent(
        'Awaiting approval from Squad Aura (Payments) or the platform team',
      ),
    );
    expect(theirs).not.toHaveTextContent('(not you)');
    expect(theirs).toHaveTextContent(
      'Replay 150 messages to original exchange and routing keys',
    );
    expect(theirs).toHaveTextContent('prod');
    expect(theirs).toHaveTextContent('AWAITING APPROVAL');
    expect(screen.getByTestId('approvals-summary')).toHaveTextContent(
      '1 request awaits your approval',
    );

    const mine = screen.getByTestId('approval-mine');
    expect(mine).toHaveTextContent('Discard 120 messages');
    expect(mine).toHaveTextContent(
      'Awaiting approval from Squad Aura (Payments) or the platform team (not you)',
    );
    expect(within(mine).queryByRole('button')).toBeNull();

    const refused = screen.getByTestId('approval-refused');
    expect(refused).toHaveTextContent('Not during the <b>freeze</b>');
    expect(refused.querySelector('b')).toBeNull();

    fireEvent.click(within(theirs).getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Approve this request?');
    expect(api.decideRequests).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.decideRequests).toEqual([
        { id: 'theirs', decision: 'approve' },
      ]),
    );
    await waitFor(() => expect(theirs).toHaveTextContent('APPROVED'));
    expect(theirs).toHaveTextContent(/Approved by .*john\.roe/);
    expect(within(theirs).queryByRole('button')).toBeNull();
    expect(screen.getByTestId('approvals-summary')).not.toHaveTextContent(
      'await',
    );
  });

  it('refuses only with a reason, and shows a refusal of the backend in the dialog', async () => {
    const api = new FakeDeadLetterApi();
    api.approvals = [makeApproval({ id: 'r1' }), makeApproval({ id: 'r2' })];
    render(<Approvals />, api);

    const row = await screen.findByTestId('approval-r1');
    fireEvent.click(within(row).getByRole('button', { name: 'Refuse' }));
    let dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Refuse' });
    expect(confirm).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText(/^Reason/), {
      target: { value: '  Wrong target  ' },
    });
    fireEvent.click(confirm);
    await waitFor(() => expect(row).toHaveTextContent('REFUSED'));
    expect(api.decideRequests).toEqual([
      { id: 'r1', decision: 'refuse', reason: 'Wrong target' },
    ]);
    expect(row).toHaveTextContent(/Refused by .*: Wrong target/);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    api.decideError = await backendError(
      403,
      'NotAllowedError',
      'You asked for this request; another member of Squad Aura or the platform team must approve it',
    );
    const other = screen.getByTestId('approval-r2');
    fireEvent.click(within(other).getByRole('button', { name: 'Approve' }));
    dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(
      await within(dialog).findByText(/You asked for this request/),
    ).toBeInTheDocument();
    expect(other).toHaveTextContent('AWAITING APPROVAL');
  });
});

describe('the Dead Letter page', () => {
  it('says how many requests await the caller, and lists them on the Approvals tab', async () => {
    const api = new FakeDeadLetterApi();
    api.approvals = [
      makeApproval({ id: 'a1' }),
      makeApproval({ id: 'a2' }),
      makeApproval({ id: 'a3', canDecide: false }),
    ];
    render(<DeadLetterPage />, api);
    const waiting = await screen.findByTestId('approvals-waiting');
    expect(waiting).toHaveTextContent('2 requests await your approval');
    fireEvent.click(within(waiting).getByRole('link'));
    expect(await screen.findByTestId('approval-a3')).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Approvals', selected: true }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('approvals-waiting')).toBeNull();
  });
});

/** Replay and discard buttons over the first message, as the list has them. */
function Actions(props: { api: FakeDeadLetterApi }) {
  const replay = useReplay();
  const actions = useMessageActions();
  const messages = props.api.messages;
  return (
    <>
      <Button
        onClick={() =>
          replay.request({ kind: 'filter', filter: { environment: 'prod' } })
        }
      >
        Replay all
      </Button>
      <Button onClick={() => actions.request('discard', messages)}>
        Discard all
      </Button>
      {replay.notice}
      {actions.notice}
      {replay.dialog}
      {actions.dialog}
    </>
  );
}

describe('four eyes on replay and discard', () => {
  function apiWithMessages(count: number) {
    const api = new FakeDeadLetterApi({
      messages: Array.from({ length: count }, (_, i) =>
        makeMessage({ id: `m${i}`, environment: 'prod' }),
      ),
    });
    api.approvalMinMessages = { prod: 100 };
    return api;
  }

  it('says a large prod replay was sent for approval, starting no job', async () => {
    const api = apiWithMessages(120);
    render(<Actions api={api} />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Replay all' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Replay all matching' }),
    );
    const notice = await screen.findByTestId('approval-sent');
    await waitFor(() =>
      expect(notice).toHaveTextContent(
        'Sent for approval: another member of Squad Aura (Payments) or the platform team must approve it',
      ),
    );
    expect(notice).toHaveTextContent(
      'Replay 120 messages to original exchange and routing keys in prod: nothing happens until it is approved',
    );
    expect(api.replayJobs).toEqual([]);
    expect(api.messages.every(m => m.state === 'unresolved')).toBe(true);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says a large prod discard was sent for approval, not "0 discarded"', async () => {
    const api = apiWithMessages(100);
    render(<Actions api={api} />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Discard all' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Discard' }));
    const notice = await screen.findByTestId('approval-sent');
    await waitFor(() =>
      expect(notice).toHaveTextContent(
        'Sent for approval: another member of Squad Aura (Payments) or the platform team must approve it',
      ),
    );
    expect(notice).toHaveTextContent('Discard 100 messages in prod');
    expect(screen.queryByText(/0 discarded/)).toBeNull();
    expect(api.messages.every(m => m.state === 'unresolved')).toBe(true);
  });

  it('replays below the threshold at once, as before', async () => {
    const api = apiWithMessages(3);
    render(<Actions api={api} />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Replay all' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Replay all matching' }),
    );
    expect(
      await screen.findByRole('status', { name: 'Replay' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('approval-sent')).toBeNull();
    expect(api.replayJobs).toHaveLength(1);
  });
});
