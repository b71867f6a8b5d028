/* The public names of server/. */
export type { ServerIdentity } from './server-factory';
