import Alert from '@material-ui/lab/Alert';
import { useGroupTitle } from '../../hooks/useGroupTitle';

/**
 * Where the body would be when the backend withheld it: who may read it.
 * Plain text only, like everything else on the page.
 */
export function BodyWithheldNotice(props: { ownerRef?: string }) {
  const owner = useGroupTitle(props.ownerRef);
  return (
    <Alert severity="info" role="note" aria-label="Body withheld">
      {owner
        ? `Only ${owner} (and the platform team) can read this message's body and headers.`
        : "Only the platform team can read this message's body and headers: no squad owns its queue."}
    </Alert>
  );
}
