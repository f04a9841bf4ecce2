import { ReactNode } from 'react';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import Button from '@material-ui/core/Button';
import ReplayIcon from '@material-ui/icons/Replay';
import {
  ActionableMessage,
  MessageAction,
  MessageActionButtons,
} from '../MessageActions';
import { ReplayButton } from '../ReplayDialog';

/** "Replay all matching", on the list's toolbar while nothing is selected. */
export function ReplayMatchingButton(props: { onClick: () => void }) {
  return (
    <Button
      size="small"
      variant="outlined"
      color="primary"
      startIcon={<ReplayIcon />}
      onClick={props.onClick}
    >
      Replay all matching
    </Button>
  );
}

/** The page's own actions, then replay, discard and restore. */
export function SelectedMessagesActions(props: {
  selected: DeadLetterSummary[];
  extra?: ReactNode;
  busy: boolean;
  onReplay: (selected: DeadLetterSummary[]) => void;
  onAction: (action: MessageAction, messages: ActionableMessage[]) => void;
}) {
  const { selected, extra, busy, onReplay, onAction } = props;
  return (
    <>
      {extra}
      <ReplayButton messages={selected} onClick={() => onReplay(selected)} />
      <MessageActionButtons
        messages={selected}
        busy={busy}
        onAction={onAction}
      />
    </>
  );
}
