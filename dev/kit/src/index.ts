export { mix, unit, salt, Rng } from './random';
export { controlRoutes, type ControlBody } from './control';
export { listen, lastResortErrorHandler, type Listening } from './server';
