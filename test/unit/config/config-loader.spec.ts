import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { ConfigError, Env, loadConfig, redactConfig, Sensitive } from 'mcp-decorators';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('loadConfig', () => {
  class ServerConfig {
    @Env('PORT') @IsInt() @Min(1) @Max(65535) port = 8000;
    @Env('DEBUG') @IsBoolean() debug = false;
    @Env('RATIO') @IsNumber() ratio = 0.5;
    @Env('ORIGINS') @IsString({ each: true }) @ArrayMaxSize(3) origins: string[] = [];
    @Env('RETRIES', { type: Array, items: Number }) @IsInt({ each: true }) retries: number[] = [1];
    @Env('MODE') @IsIn(['dev', 'prod']) mode: 'dev' | 'prod' = 'dev';
    @Env('DATABASE_URL') @IsOptional() @IsUrl({ require_tld: false, protocols: ['postgres'] }) databaseUrl?: string;
    @Env('API_TOKEN') @IsOptional() @MinLength(20) apiToken?: string;
    @Env('CONN', { sensitive: true }) @IsOptional() @IsIn(['a']) conn?: string;
  }

  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mcp-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function envFile(content: string): string {
    const file = path.join(dir, '.env');
    writeFileSync(file, content);
    return file;
  }

  it('keeps the defaults when nothing is set', () => {
    const config = loadConfig(ServerConfig, { env: {}, envFile: false });
    expect(config).toBeInstanceOf(ServerConfig);
    expect({ ...config }).toEqual({ port: 8000, debug: false, ratio: 0.5, origins: [], retries: [1], mode: 'dev' });
  });

  it('converts strings to the declared or default-inferred types', () => {
    const config = loadConfig(ServerConfig, {
      env: { PORT: '9000', DEBUG: 'YES', RATIO: '2.5e-1', ORIGINS: ' a.com, b.com ,,', RETRIES: '1, 2,3', MODE: 'prod' },
      envFile: false,
    });
    expect(config.port).toBe(9000);
    expect(config.debug).toBe(true);
    expect(config.ratio).toBe(0.25);
    expect(config.origins).toEqual(['a.com', 'b.com']);
    expect(config.retries).toEqual([1, 2, 3]);
    expect(config.mode).toBe('prod');
    for (const [raw, value] of [
      ['off', false],
      ['0', false],
      ['no', false],
      ['On', true],
      ['1', true],
    ] as const) {
      expect(loadConfig(ServerConfig, { env: { DEBUG: raw }, envFile: false }).debug).toBe(value);
    }
  });

  it('reads the environment over the .env file over the defaults, without touching process.env', () => {
    const file = envFile('PORT=7000\nDEBUG=true\n# a comment\nMODE="prod"\nRATIO=\n');
    const config = loadConfig(ServerConfig, { env: { PORT: '9000', DEBUG: '' }, envFile: file });
    expect(config.port).toBe(9000); // environment wins
    expect(config.debug).toBe(true); // empty in the environment counts as unset: the file's value
    expect(config.mode).toBe('prod'); // only in the file
    expect(config.ratio).toBe(0.5); // empty in the file: the default
    expect(process.env['MODE']).toBeUndefined();
  });

  it('reads ./.env by default and ignores its absence', () => {
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect(loadConfig(ServerConfig, { env: {} }).port).toBe(8000);
      envFile('PORT=7001\n');
      expect(loadConfig(ServerConfig, { env: {} }).port).toBe(7001);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses an explicit .env path that does not exist', () => {
    expect(() => loadConfig(ServerConfig, { env: {}, envFile: path.join(dir, 'missing.env') })).toThrow(/cannot read .*missing\.env \(ENOENT\)/);
  });

  it('fails once, listing every bad variable and why, with where each value came from', () => {
    const file = envFile('MODE=staging\n');
    let error: unknown;
    try {
      loadConfig(ServerConfig, {
        env: { PORT: '70000', DEBUG: 'maybe', RATIO: 'abc', ORIGINS: 'a,b,c,d', RETRIES: '1,x', DATABASE_URL: 'http://db' },
        envFile: file,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.map((p) => p.name)).toEqual(['PORT', 'DEBUG', 'RATIO', 'ORIGINS', 'RETRIES', 'MODE', 'DATABASE_URL']);
    expect(message).toMatch(/^Invalid configuration \(7 problems\):/);
    expect(message).toContain('- PORT: must not be greater than 65535 (got "70000" from the environment)');
    expect(message).toContain('- DEBUG: must be a boolean (true/false, 1/0, yes/no, on/off) (got "maybe" from the environment)');
    expect(message).toContain('- RATIO: must be a number (got "abc" from the environment)');
    expect(message).toContain('- RETRIES: item 2 of the comma-separated list must be a number');
    expect(message).toContain('- ORIGINS: must contain no more than 3 elements');
    expect(message).toContain('- MODE: must be one of the following values: dev, prod (got "staging" from the .env file)');
    expect(message).toContain('- DATABASE_URL: must be a URL address');
    // A value that failed conversion is reported once, not again by its validators.
    expect(problems.filter((p) => p.name === 'RATIO')).toHaveLength(1);
  });

  it('never prints secrets: names like *TOKEN* and fields marked sensitive', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig(ServerConfig, { env: { API_TOKEN: 'tok-short-secret', CONN: 'postgres://u:pw-very-secret@h' }, envFile: false });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error?.problems.map((p) => p.name)).toEqual(['API_TOKEN', 'CONN']);
    expect(error?.message).toContain('- API_TOKEN: must be longer than or equal to 20 characters (from the environment, value hidden)');
    expect(error?.message).not.toContain('tok-short-secret');
    expect(error?.message).not.toContain('pw-very-secret');
    expect(error?.problems.every((p) => p.value === undefined)).toBe(true);
  });

  it('treats @Sensitive() properties as secrets', () => {
    class Marked {
      @Env('DSN') @Sensitive() @IsIn(['x']) dsn = 'x';
    }
    expect(() => loadConfig(Marked, { env: { DSN: 'mysql://root:marked-secret@db' }, envFile: false })).toThrow(
      '- DSN: must be one of the following values: x (from the environment, value hidden)',
    );
    expect(redactConfig(loadConfig(Marked, { env: {}, envFile: false }))).toEqual({ DSN: '***' });
  });

  it('scrubs a secret quoted by a custom message', () => {
    class Leaky {
      @Env('SIGNING_KEY') @MinLength(40, { message: 'key $value is too short' }) signingKey = '';
    }
    expect(() => loadConfig(Leaky, { env: { SIGNING_KEY: 'hunter2hunter2' }, envFile: false })).toThrow(/SIGNING_KEY: key \*\*\* is too short/);
  });

  it('reports a bad default and a property without @Env by class and property', () => {
    class Defaults {
      @IsInt() workers = 1.5;
    }
    expect(() => loadConfig(Defaults, { env: {}, envFile: false })).toThrow('- Defaults.workers: must be an integer number (the default)');
  });

  it('freezes the loaded instance', () => {
    const config = loadConfig(ServerConfig, { env: {}, envFile: false });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('redacts sensitive values for logging', () => {
    const config = loadConfig(ServerConfig, { env: { API_TOKEN: 'x'.repeat(24) }, envFile: false });
    expect(redactConfig(config)).toMatchObject({ PORT: 8000, API_TOKEN: '***', DATABASE_URL: undefined });
  });

  it('rejects invalid variable names at decoration time', () => {
    expect(() => Env('1-BAD')).toThrow(/not a valid environment variable name/);
  });
});
