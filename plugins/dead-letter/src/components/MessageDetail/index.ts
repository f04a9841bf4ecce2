export { MessageDetail } from './MessageDetail';
export { MessageDrawer } from './MessageDrawer';
export { BodyView } from './BodyView';
