/* The public names of testing/. */
export { ManualClock } from './manual-clock';
export { createTestClient, TestClient, ToolCallError, type TestClientOptions } from './test-client';
