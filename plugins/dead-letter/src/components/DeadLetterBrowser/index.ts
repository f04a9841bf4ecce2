export { DeadLetterBrowser, PAGE_SIZE } from './DeadLetterBrowser';
export type { DeadLetterBrowserProps } from './DeadLetterBrowser';
