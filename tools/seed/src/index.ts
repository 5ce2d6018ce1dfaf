export { seedDemo, seedTenants, DEMO_LOGINS, DEMO_PASSWORD, type SeedOptions, type DemoTenants } from './demo-seed.js';
export { generatePlacementRows, writePlacementCsv, writePlacementXlsx, PLACEMENT_HEADERS, type PlacementGeneratorOptions, type PlacementFileRow } from './placement-generator.js';
