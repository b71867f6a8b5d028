/* The public names of testing/. */
export { ManualClock } from './manual-clock';
export { TestClient, ToolCallError, createTestClient, type TestClientOptions } from './test-client';
