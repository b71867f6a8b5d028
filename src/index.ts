import 'reflect-metadata';

/*
 * The public API: each folder's index.ts names what it makes public. Internal modules never
 * import an index.ts (scripts/check-imports.js refuses it).
 */
export * from './app';
export * from './auth';
export * from './cache';
export * from './config';
export { TOKENS } from './constants';
export * from './context';
export * from './decorators';
export * from './dto';
export * from './errors';
export * from './logging';
export * from './metadata';
export * from './metrics';
export * from './pipeline';
export * from './protocol';
export * from './routes';
export * from './sanitizers';
export * from './server';
export * from './stores';
export * from './testing';
export * from './tracing';
export * from './transports';
