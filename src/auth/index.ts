/* The public names of auth/: bearer tokens. */
export type { AuthOptions } from './auth-options';
export { InvalidTokenError, jwtVerifier, type JwtVerifierOptions, type TokenVerifier } from './jwt-verifier';
