export { deadLetterPlugin as default } from './plugin';
export {
  deadLetterConditions,
  createDeadLetterConditionalDecision,
  isDeadLetterOwner,
  deadLetterQueueConditions,
  createDeadLetterQueueConditionalDecision,
  isQueueOwner,
} from './permissions';
