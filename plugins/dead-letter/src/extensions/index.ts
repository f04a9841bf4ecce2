export { deadLetterApi } from './deadLetterApi';
export { deadLetterPage } from './deadLetterPage';
export {
  entityDeadLetterContent,
  hasRabbitMqQueues,
} from './entityDeadLetterContent';
export { entityGroupDeadLetterCard } from './entityGroupDeadLetterCard';
