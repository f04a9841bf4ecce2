/**
 * Shared backend code of the portal's own plugins.
 *
 * @packageDocumentation
 */
export { isProductionConfig } from './production';
