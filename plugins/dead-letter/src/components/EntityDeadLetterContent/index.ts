export { EntityDeadLetterContent } from './EntityDeadLetterContent';
