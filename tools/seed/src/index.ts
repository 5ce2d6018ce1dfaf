export { seedDemo, seedTenants, DEMO_LOGINS, DEMO_PASSWORD, type SeedOptions, type DemoTenants } from './demo-seed.js';
