import { ProtocolError, ProtocolErrorCode, type InputRequest } from '@modelcontextprotocol/server';
import { createHash } from 'node:crypto';

/*
 * How `ctx.elicit()`, `ctx.elicitUrl()` and `ctx.sample()` keep their meaning on the stateless
 * 2026-07-28 wire, where the server cannot send a request to the client and wait: it answers
 * `input_required`, and the client retries the call with the answer.
 *
 * The framework re-enters the method on every round. The k-th request a method makes is
 * answered from the k-th answer collected so far; the first request without an answer stops
 * the method (an `InputRequiredSignal` thrown through the pipeline) and becomes the round's
 * `input_required` result. Answers of earlier rounds travel in a signed `requestState`, so any
 * replica can serve the next round. Code before a request therefore runs once per round: keep
 * side effects after the last request, or make them idempotent.
 */

/** What a signed `requestState` carries between rounds. */
export interface RoundsState {
  /** The call it belongs to: kind, name and a digest of its raw arguments. */
  readonly call: string;
  /** Answers of the rounds so far, in the order the method asked. */
  readonly answers: readonly unknown[];
}

/** Thrown (never by user code) when a method asks a question the client has not answered yet. */
export class InputRequiredSignal extends Error {
  constructor(
    readonly key: string,
    readonly request: InputRequest,
    readonly state: RoundsState,
  ) {
    super('input required');
    this.name = 'InputRequiredSignal';
  }
}

/** The key of the k-th request of a call in `inputRequests` / `inputResponses`. */
const keyOf = (index: number): string => `q${index}`;

/** Answers a method's requests to the client from the rounds of one call. */
export class InputRounds {
  private asked = 0;

  private constructor(
    /** Names the call; computed only when a state is checked or minted (most calls never ask). */
    private readonly call: () => string,
    private readonly answers: readonly unknown[],
  ) {}

  /**
   * The rounds of a call: the answers carried by a verified `requestState` plus the one the
   * client sent with this retry. State minted for another call is refused.
   */
  static resume(call: () => string, state: unknown, responses: Record<string, unknown> | undefined): InputRounds {
    if (state === undefined) return new InputRounds(call, answerOf(responses, 0));
    const carried = state as Partial<RoundsState>;
    if (carried.call !== call() || !Array.isArray(carried.answers)) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'The requestState of this retry belongs to another call: start the call again without it');
    }
    const answers: readonly unknown[] = carried.answers;
    return new InputRounds(call, [...answers, ...answerOf(responses, answers.length)]);
  }

  /** The answer to the next request, or an `InputRequiredSignal` carrying it. */
  ask(request: InputRequest): unknown {
    const index = this.asked++;
    if (index < this.answers.length) return this.answers[index];
    throw new InputRequiredSignal(keyOf(index), request, { call: this.call(), answers: this.answers.slice(0, index) });
  }
}

/** No answer: shared, as most calls carry none. */
const NO_ANSWERS: readonly unknown[] = Object.freeze([]);

function answerOf(responses: Record<string, unknown> | undefined, index: number): readonly unknown[] {
  const answer = responses?.[keyOf(index)];
  return answer === undefined ? NO_ANSWERS : [answer];
}

/** Names one call for its `requestState`: a state minted for a call is refused by every other. */
export function callDigest(kind: string, name: string, input: unknown): string {
  return `${kind}:${name}:${createHash('sha256')
    .update(JSON.stringify(input ?? null))
    .digest('base64url')
    .slice(0, 22)}`;
}
