export { loadConfig, requireDbPassword, parseTrustProxy, ConfigError, type Config, type StorageSettings } from './config.js';
