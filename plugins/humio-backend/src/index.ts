/**
 * Backend of the humio plugin: an entity's recent logs and error counts
 * from Humio (Falcon LogScale).
 *
 * @packageDocumentation
 */
export { humioPlugin as default } from './plugin';
