export {
  MessageActionButtons,
  useMessageActions,
  confirmationText,
  resultText,
} from './MessageActions';
export type { ActionableMessage, MessageAction } from './MessageActions';
