import Chip from '@material-ui/core/Chip';
import { EntityRef } from '@internal/backstage-plugin-portal-react';

/** The owner of a message: a link, or an "unowned" chip. */
export function OwnerRef(props: { ownerRef: string | undefined }) {
  if (!props.ownerRef) {
    return (
      <Chip
        size="small"
        label="unowned"
        title="No catalog component declares this queue (annotation meridian.bank/rabbitmq-queues)"
      />
    );
  }
  return <EntityRef entityRef={props.ownerRef} defaultKind="group" />;
}
