import type { AppServices } from '../app/app-services';
import type { HandlerDefinition, Invocation } from '../registry/definitions';

export type { Invocation } from '../registry/definitions';

/** Continues the pipeline; resolves to the protocol result of the call. */
export type Next = () => Promise<unknown>;

/** One small stage of the call path; reads only its own policy. */
export type Step = (invocation: Invocation, next: Next) => Promise<unknown>;

/**
 * Builds the step of one definition, or `undefined` when its policy is absent, so a tool without
 * policies runs through validation and invocation only.
 */
export type StepFactory = (definition: HandlerDefinition, services: AppServices) => Step | undefined;
