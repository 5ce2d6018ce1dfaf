export { loadConfig, requireDbPassword, ConfigError, type Config, type StorageSettings } from './config.js';
