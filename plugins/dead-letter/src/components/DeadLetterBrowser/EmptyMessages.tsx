import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import {
  MessageFilters,
  hasNarrowingFilters,
  isDefaultStates,
} from '../../lib/filters';

/**
 * What the list says when it is empty: all clear, or nothing matches (with
 * "Clear filters" when filters narrow it).
 */
export function EmptyMessages(props: {
  filters: MessageFilters;
  environment: string | undefined;
  /** The list is of one component's messages. */
  forComponent: boolean;
  onClear: () => void;
}) {
  const { filters, environment, forComponent, onClear } = props;
  const narrowed = hasNarrowingFilters(filters);
  const subject = forComponent ? ' for this component' : '';
  const where = environment ? ` in ${environment}` : '';
  if (!narrowed && isDefaultStates(filters)) {
    return (
      <Box
        display="flex"
        alignItems="center"
        justifyContent="center"
        gridGap={8}
      >
        <CheckCircleOutlineIcon color="primary" />
        <Typography>
          No unresolved dead letters{subject}
          {where}.
        </Typography>
      </Box>
    );
  }
  return (
    <Box>
      <Typography gutterBottom>
        No dead letters{subject} match these filters
        {where}.
      </Typography>
      {narrowed && (
        <Button variant="outlined" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
