export { ApprovalSentNotice } from './ApprovalSentNotice';
