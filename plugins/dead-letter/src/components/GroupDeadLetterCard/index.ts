export { GroupDeadLetterCard } from './GroupDeadLetterCard';
