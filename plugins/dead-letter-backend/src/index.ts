export { deadLetterPlugin as default } from './plugin';
export {
  deadLetterConditions,
  createDeadLetterConditionalDecision,
  isDeadLetterOwner,
} from './permissions';
