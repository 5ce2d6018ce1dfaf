export { seedDemo, DEMO_LOGINS, DEMO_PASSWORD, type SeedOptions } from './demo-seed.js';
