export { loadConfig, ConfigError, parseTrustProxy, type Config } from './config.js';
