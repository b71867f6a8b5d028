/** One invalid setting, as reported by `ConfigError`. */
export interface ConfigProblem {
  /** The environment variable (`MCP_PORT`), or `Class.property` for a property without `@Env()`. */
  readonly name: string;
  /** Every reason the value was refused, without the property name (`must be an integer number`). */
  readonly reasons: readonly string[];
  /** Where the refused value came from. */
  readonly origin: ConfigOrigin;
  /** The refused raw value, shortened; absent for sensitive settings and unset ones. */
  readonly value?: string;
}

/** Where a setting's value came from. */
export type ConfigOrigin = 'environment' | 'env file' | 'default' | 'unset';

const ORIGIN_TEXT: Record<ConfigOrigin, string> = {
  environment: 'from the environment',
  'env file': 'from the .env file',
  default: 'the default',
  unset: 'not set',
};

/**
 * Invalid configuration, raised at start-up. Its message lists every bad setting and why, in one
 * go, so that one restart fixes them all. Values of sensitive settings are never included.
 *
 * @example
 * try {
 *   await createMcpApp({ name: 'demo', version: '1.0.0', providers: [Tools], config: [ServerConfig] });
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(error.message); // "Invalid configuration (2 problems): ..."
 * }
 */
export class ConfigError extends Error {
  constructor(
    /** Every invalid setting found, in the order the message lists them. */
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((problem) => {
    const where =
      problem.origin === 'unset' || problem.origin === 'default'
        ? ORIGIN_TEXT[problem.origin]
        : problem.value === undefined
          ? `${ORIGIN_TEXT[problem.origin]}, value hidden`
          : `got ${problem.value} ${ORIGIN_TEXT[problem.origin]}`;
    return `  - ${problem.name}: ${problem.reasons.join('; ')} (${where})`;
  });
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `Invalid configuration (${count}):\n${lines.join('\n')}`;
}
