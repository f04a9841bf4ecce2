export { ErrorNotice } from './ErrorNotice';
export { RelativeAndAbsolute } from './Timestamp';
