/* The public names of dto/. */
export { DEFAULT_INPUT_LIMITS, type InputLimits } from './input-limits';
export { buildInputSchema, type JsonSchema, type JsonSchemaObject, type JsonSchemaType } from './schema';
