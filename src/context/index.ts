/* The public names of context/: what a handler receives. */
export type {
  BooleanField,
  ElicitationField,
  ElicitationOutcome,
  ElicitationSchema,
  ElicitedContent,
  ElicitedValue,
  FieldBase,
  Flatten,
  MultiSelectField,
  NumberField,
  RequiredKeys,
  SingleSelectField,
  StringField,
  TitledMultiSelectField,
  TitledSingleSelectField,
} from './elicitation';
export {
  ToolContext,
  type ClientRequestOptions,
  type ContextLogger,
  type ProtocolEra,
  type SampleOptions,
  type SampleResult,
  type UrlElicitation,
} from './tool-context';
/**
 * Thrown by a tool that cannot proceed before the user visits URLs: the client receives JSON-RPC
 * error -32042 with the URL elicitations, shows them, then retries (on 2026-07-28, a URL round).
 * @example
 * throw new UrlElicitationRequiredError([{ mode: 'url', message: 'Authorize', url, elicitationId: randomUUID() }]);
 */
export { UrlElicitationRequiredError } from '@modelcontextprotocol/server';
