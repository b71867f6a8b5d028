/* The public names of sanitizers/: DTO property decorators. */
export { EscapeHtml } from './escape-html.decorator';
export { NoScriptContent } from './no-script-content.decorator';
export { SafePath } from './safe-path.decorator';
export { SECURE_INPUT_MAX_LENGTH, SecureInput } from './secure-input';
export { StringDefaults, type StringDefaultsOptions } from './string-defaults.decorator';
export { StripHtml } from './strip-html.decorator';
export { Trim } from './trim.decorator';
