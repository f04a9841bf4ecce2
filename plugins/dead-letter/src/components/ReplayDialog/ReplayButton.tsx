import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import ReplayIcon from '@material-ui/icons/Replay';

/**
 * "Replay" for messages; disabled, with the reason on hover, when none of
 * them is unresolved.
 */
export function ReplayButton(props: {
  messages: Array<{ state: string }>;
  busy?: boolean;
  onClick: () => void;
}) {
  const { messages, busy, onClick } = props;
  const replayable = messages.some(m => m.state === 'unresolved');
  const button = (
    <Button
      size="small"
      variant="outlined"
      color="primary"
      startIcon={<ReplayIcon />}
      disabled={busy || !replayable}
      onClick={onClick}
    >
      Replay
    </Button>
  );
  if (replayable) {
    return button;
  }
  return (
    <Tooltip title="Only unresolved messages can be replayed">
      <span>{button}</span>
    </Tooltip>
  );
}
