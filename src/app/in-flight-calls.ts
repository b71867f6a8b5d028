import { InFlight } from '../timing/in-flight';

/**
 * The calls being served (tools, resources, prompts), so that a graceful shutdown can wait for
 * them to finish, and refuse new ones once it has begun.
 */
export class InFlightCalls extends InFlight {
  /** Set by a shutdown: calls that start from now on are refused. */
  closing = false;
}
