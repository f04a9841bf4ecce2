export { DeadLetterPage } from './DeadLetterPage';
export { MessagePage } from './MessagePage';
