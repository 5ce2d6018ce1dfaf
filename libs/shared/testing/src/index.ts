export { createTestDatabase, type TestDatabase } from './test-database.js';
export { runFuzz, seededRandom, type FuzzOptions, type FuzzReport, type FuzzFailure } from './fuzz.js';
