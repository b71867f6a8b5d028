/* The public names of errors/: the one error taxonomy. */
export { ErrorCategory, ErrorSeverity, McpDefinitionError, NotFoundError, ToolError, type ToolErrorOptions } from './tool-error';
